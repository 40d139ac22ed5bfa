"""Declared conflicts between a mentor and a mentee: recording, listing and withdrawing them."""
