"""Admin pages: schemes, people, roles and deactivation."""
