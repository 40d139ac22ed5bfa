"""Notifications: an in-site list per person, and the same by email (each time, daily, or none)."""
