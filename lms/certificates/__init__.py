"""Competence certificates: definitions, eligibility, issue, PDF, lifecycle and verification."""
