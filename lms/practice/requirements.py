"""How much confirmed supervised practice the core certificate needs, from its definition."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import JSON, Boolean, String, column, select, table


@dataclass(frozen=True)
class PracticeNeeds:
    """Confirmed practice a certificate needs: hours, sessions and passed observed sessions."""

    hours: int
    sessions: int
    observed: int


CORE_PRACTICE = PracticeNeeds(hours=20, sessions=4, observed=2)
"""Default figures: what ``totals`` measures against unless given others, and what ``core_needs``
answers while no core certificate definition (``certificates/core-peer-mentor/``) is loaded."""


# The definitions' table named, not imported: certificates build on practice (eligibility
# counts confirmed practice), so practice never imports them back.
_DEFINITIONS = table(
    "certificate_definitions",
    column("slug", String),
    column("current", Boolean),
    column("requirements", JSON),
)


def core_needs(session) -> PracticeNeeds:
    """What the core certificate's current definition asks for, or the figures above."""
    req = session.scalars(
        select(_DEFINITIONS.c.requirements).where(
            _DEFINITIONS.c.slug == "core-peer-mentor", _DEFINITIONS.c.current.is_(True)
        )
    ).first()
    if req is None:
        return CORE_PRACTICE
    return PracticeNeeds(
        hours=req.get("min_hours", CORE_PRACTICE.hours),
        sessions=req.get("min_sessions", CORE_PRACTICE.sessions),
        observed=req.get("min_observed", CORE_PRACTICE.observed),
    )
