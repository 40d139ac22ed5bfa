"""Competence certificates: definitions, eligibility, issue, numbers, PDF, lifecycle, the sweep."""
