"""Matches from proposal to end, always through the gate, and the candidates ranked for a mentee."""
