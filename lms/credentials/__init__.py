"""Open Badges 3.0 credentials, signed (eddsa-rdfc-2022) and checked by Bitstring Status Lists."""
