"""Signing in and out, accepting invitations and resetting passwords."""
