"""Supervision sessions of accredited mentors: recording them and who is due."""
