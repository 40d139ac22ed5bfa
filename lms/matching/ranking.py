"""Candidates for a mentee: eligible mentors ranked by fit, the others with the gate's reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.matching.gate import OPEN_STATUSES, GateResult, check_many
from lms.matching.models import Match, Mentee, MentorProfile
from lms.matching.services import mentors_of

# Shared needs count most, then the same area, then languages, then a lighter caseload.
NEED_WEIGHT = 8.0
AREA_WEIGHT = 4.0
LANGUAGE_WEIGHT = 2.0
FREE_PLACES_WEIGHT = 1.0


@dataclass(frozen=True)
class Fit:
    """How well a profile suits a mentee: a score and the reasons, in plain words."""

    score: float
    reasons: list[str]


@dataclass
class Ranked:
    """An eligible mentor, how well they fit, and why."""

    mentor: Person
    score: float
    reasons_for_fit: list[str]


@dataclass
class Candidates:
    """Eligible mentors best first, and blocked ones nearest to eligible first."""

    eligible: list[Ranked] = field(default_factory=list)
    blocked: list[GateResult] = field(default_factory=list)


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def _need_words(code: str) -> str:
    return code.replace("_", " ")


def fit(
    needs: Sequence[str],
    area: str,
    languages: Sequence[str],
    profile: MentorProfile,
    load: int,
) -> Fit:
    """Score a mentor profile against a mentee's needs, area and languages, and the load."""
    reasons = []
    experience = set(profile.needs_experience or [])
    shared = [need for need in needs if need in experience]
    if shared:
        reasons.append(f"Shares needs: {', '.join(_need_words(n) for n in shared)}")
    same_area = _same(area, profile.area or "")
    if same_area:
        reasons.append("Same area")
    wanted = {lang.strip().casefold() for lang in languages if lang.strip()}
    spoken = [lang for lang in profile.languages or [] if lang.strip().casefold() in wanted]
    if spoken:
        reasons.append(f"Speaks {', '.join(spoken)}")
    free = max(profile.capacity - load, 0)
    if profile.capacity:
        reasons.append(f"Has {free} of {profile.capacity} places free")
    spare = free / profile.capacity if profile.capacity else 0.0
    score = (
        NEED_WEIGHT * len(shared)
        + AREA_WEIGHT * same_area
        + LANGUAGE_WEIGHT * len(spoken)
        + FREE_PLACES_WEIGHT * spare
    )
    return Fit(round(score, 3), reasons)


def rank(results: Sequence[GateResult]) -> Candidates:
    """Split gate results into ranked eligible mentors and blocked ones (fewest reasons first)."""
    out = Candidates()
    for result in results:
        mentee, profile = result.mentee, result.profile
        if not result.allowed or profile is None:  # the gate never allows one without a profile
            out.blocked.append(result)
            continue
        scored = fit(
            mentee.needs or [], mentee.area or "", mentee.languages or [], profile, result.load
        )
        out.eligible.append(Ranked(result.mentor, scored.score, scored.reasons))
    out.eligible.sort(key=lambda r: (-r.score, r.mentor.name, r.mentor.id))
    out.blocked.sort(key=lambda r: (len(r.reasons), r.mentor.name, r.mentor.id))
    return out


def candidates(session: Session, mentee: Mentee, today: date) -> Candidates:
    """Every mentor of the mentee's scheme not already matched with them, through the gate."""
    matched = set(
        session.scalars(
            select(Match.mentor_id).where(
                Match.mentee_id == mentee.id, Match.status.in_(OPEN_STATUSES)
            )
        )
    )
    mentors = [m for m in mentors_of(session, mentee.scheme_id) if m.id not in matched]
    return rank(check_many(session, mentors, mentee, today))
