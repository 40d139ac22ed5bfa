"""How much confirmed supervised practice the core certificate needs, from its definition and
the scheme's own figures where it asks for more."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

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


def for_scheme(needs: PracticeNeeds, scheme: Any) -> PracticeNeeds:
    """``needs`` raised to the scheme's own hours and observed sessions where it sets more
    (the scheme's settings never ask for less than the certificate definition)."""
    if scheme is None:
        return needs
    return PracticeNeeds(
        hours=max(needs.hours, scheme.practice_hours_required or 0),
        sessions=needs.sessions,
        observed=max(needs.observed, scheme.observed_sessions_required or 0),
    )


def core_needs(session, scheme: Any = None) -> PracticeNeeds:
    """What the core certificate's current definition asks for (or the figures above), as
    ``scheme`` sets it."""
    return for_scheme(_definition_needs(session), scheme)


def _definition_needs(session) -> PracticeNeeds:
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
