"""Inviting people to a scheme and following up invitations."""
