"""Mentor profiles: capacity, availability, languages and preferences."""
