"""Schemes, people, their roles and their passwords."""
