"""How much confirmed supervised practice the core certificate needs (until certificates say)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PracticeNeeds:
    """Confirmed practice a certificate needs: hours, sessions and passed observed sessions."""

    hours: int
    sessions: int
    observed: int


CORE_PRACTICE = PracticeNeeds(hours=20, sessions=4, observed=2)
"""What the core certificate needs.

A stand-in: certificate definitions (``certificates/<slug>/``) will supply these figures in a
later issue, and this constant will then be read from the core certificate's requirements.
"""
