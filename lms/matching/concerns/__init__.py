"""Concerns mentors flag in the contact log: who may look at them, and marking them looked at."""
