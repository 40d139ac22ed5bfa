"""Admin pages: schemes, people, roles and deactivation, and the audit trail (audit_*.py)."""
