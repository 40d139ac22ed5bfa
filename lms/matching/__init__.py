"""Mentees, mentor profiles and matching, gated by accreditation."""
