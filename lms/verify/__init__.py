"""Public certificate verification pages: anyone shown a certificate can check it."""
