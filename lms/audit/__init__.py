"""The append-only audit trail of decisions about people and accreditation."""
