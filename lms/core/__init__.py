"""The home pages for each role and the health check."""
