"""How much confirmed supervised practice the core certificate needs, from its definition."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PracticeNeeds:
    """Confirmed practice a certificate needs: hours, sessions and passed observed sessions."""

    hours: int
    sessions: int
    observed: int


CORE_PRACTICE = PracticeNeeds(hours=20, sessions=4, observed=2)
"""Default figures: what ``totals`` measures against unless given others, and what ``core_needs``
answers while no core certificate definition (``certificates/core-peer-mentor/``) is loaded."""


def core_needs(session) -> PracticeNeeds:
    """What the core certificate's current definition asks for, or the figures above."""
    from lms.certificates.definitions import find_definition

    definition = find_definition(session, "core-peer-mentor")
    if definition is None:
        return CORE_PRACTICE
    req = definition.requirements
    return PracticeNeeds(
        hours=req.get("min_hours", CORE_PRACTICE.hours),
        sessions=req.get("min_sessions", CORE_PRACTICE.sessions),
        observed=req.get("min_observed", CORE_PRACTICE.observed),
    )
