"""How the gate words each reason: the message builders the rule table (``rules``) names.

Each takes the mentor's facts and what the rule's check returned, and says what is wrong and
who can fix it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from lms.certificates.competences import competence_label
from lms.matching.gate.facts import MentorFacts
from lms.matching.models import CONFLICT_KINDS, GENDER_PREFERENCES, GENDERS
from lms.ukdates import uk_date
from lms.vetting.models import LEVELS


def numbers(rows) -> str:
    return ", ".join(row.number for row in rows)


def expired(f: MentorFacts, rows) -> str:
    ended = uk_date(max(row.valid_until for row in rows))
    return f"Certificate {numbers(rows)} expired on {ended}. A trainer must renew it."


def suspended(f: MentorFacts, rows) -> str:
    reviews = [row.review_date for row in rows if row.review_date]
    review = f" (review date {uk_date(min(reviews))})" if reviews else ""
    return (
        f"Certificate {numbers(rows)} is suspended{review}. "
        "A coordinator must reinstate it before they can be matched."
    )


def revoked(f: MentorFacts, rows) -> str:
    return (
        f"Certificate {numbers(rows)} was revoked. "
        "They cannot be matched unless a new certificate is earned and issued."
    )


def gaps(f: MentorFacts, missing: list[str]) -> str:
    labels = "; ".join(competence_label(c) for c in missing)
    return (
        f"No current certificate covers what this mentee needs: {labels}. "
        "They need a certificate that includes it."
    )


def vetting_missing(f: MentorFacts, level: str) -> str:
    if level == "none":
        return "No DBS check is recorded. Record one first."
    return (
        f"Mentoring under-18s needs a DBS check at level '{LEVELS[level].lower()}'; the check "
        f"recorded is '{LEVELS[f.vetting.level].lower()}'. Record a check at that level."
    )


def supervision(f: MentorFacts, since: date) -> str:
    if f.last_held is None or f.last_held < since:
        when = f"since their certificate was issued on {uk_date(since)}"
    else:
        when = f"since {uk_date(since)}"
    return (
        f"No supervision {when}; the scheme expects it every {f.interval_weeks} weeks. "
        "A trainer must hold and record a supervision session."
    )


UNAVAILABLE = {
    "deactivated": "Their account is deactivated. An admin must reactivate it.",
    "no_profile": "Has no mentor profile yet. Add one and mark them available.",
    "not_available": "Is not taking new matches. Their profile must be marked available.",
}


def capacity(f: MentorFacts, _: object) -> str:
    return (
        f"Has {f.load} of {f.profile.capacity} places taken. "
        "A match must end or their capacity be raised first."
    )


def conflict(f: MentorFacts, kinds: list[str]) -> str:
    named = ", ".join(CONFLICT_KINDS.get(k, k).lower() for k in kinds)
    return f"A conflict with this mentee is declared ({named}). Choose another mentor."


def gender(f: MentorFacts, gender: str) -> str:
    return (
        f"The mentee asked for {GENDER_PREFERENCES[f.mentee.gender_preference].lower()} as mentor; "
        f"this mentor's profile says '{GENDERS.get(gender, gender).lower()}'. "
        "Choose another mentor."
    )


def probation(f: MentorFacts, _: object) -> str:
    mappa = f.mentee.mappa_level
    case = f"MAPPA level {mappa}" if mappa else "high-risk"
    return f"This is a {case} case: record probation's agreement to a mentor first."


def fixed(text: str) -> Callable[[MentorFacts, Any], str]:
    return lambda f, _: text
