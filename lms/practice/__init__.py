"""Supervised practice logged by trainees, confirmed by trainers, and observed sessions."""
