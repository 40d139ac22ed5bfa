"""Candidates for a mentee: eligible mentors ranked by fit, the others with the gate's reasons."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session, lazyload

from lms.accounts.models import Person
from lms.matching.gate import GateResult, check_many, screening
from lms.matching.models import Mentee
from lms.paging import ListPage

# Shared needs count most, then the same area, then languages, then a lighter caseload.
NEED_WEIGHT = 8.0
AREA_WEIGHT = 4.0
LANGUAGE_WEIGHT = 2.0
FREE_PLACES_WEIGHT = 1.0
PER_PAGE = 25


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
    """One page of eligible mentors (best first) and one of blocked ones (nearest first).

    ``eligible_page`` and ``blocked_page`` give the totals and page numbers; ``blocked_by_kind``
    counts every blocked mentor by kind of reason (``screening.KINDS``).
    """

    eligible: list[Ranked] = field(default_factory=list)
    blocked: list[GateResult] = field(default_factory=list)
    eligible_page: ListPage = field(default_factory=lambda: ListPage([], 1, PER_PAGE))
    blocked_page: ListPage = field(default_factory=lambda: ListPage([], 1, PER_PAGE))
    blocked_by_kind: dict[str, int] = field(default_factory=dict)


class ProfileLike(Protocol):
    needs_experience: list[str]
    area: str
    languages: list[str]
    capacity: int


def _same(a: str, b: str) -> bool:
    return bool(a.strip()) and a.strip().casefold() == b.strip().casefold()


def _need_words(code: str) -> str:
    return code.replace("_", " ")


def _score(shared: int, same_area: bool, spoken: int, free: int, capacity: int) -> float:
    spare = free / capacity if capacity else 0.0
    return round(
        NEED_WEIGHT * shared
        + AREA_WEIGHT * same_area
        + LANGUAGE_WEIGHT * spoken
        + FREE_PLACES_WEIGHT * spare,
        3,
    )


@dataclass(frozen=True)
class _Parts:
    shared: list[str]
    same_area: bool
    spoken: list[str]
    free: int
    capacity: int

    @property
    def score(self) -> float:
        return _score(len(self.shared), self.same_area, len(self.spoken), self.free, self.capacity)

    @property
    def reasons(self) -> list[str]:
        reasons = []
        if self.shared:
            reasons.append(f"Shares needs: {', '.join(_need_words(n) for n in self.shared)}")
        if self.same_area:
            reasons.append("Same area")
        if self.spoken:
            reasons.append(f"Speaks {', '.join(self.spoken)}")
        if self.capacity:
            reasons.append(f"Has {self.free} of {self.capacity} places free")
        return reasons


def _shared(needs: Sequence[str], experience: Sequence[str] | None) -> list[str]:
    known = set(experience or [])
    return [need for need in needs if need in known]


def _spoken(languages: Sequence[str] | None, wanted: set[str]) -> list[str]:
    return [lang for lang in languages or [] if lang.strip().casefold() in wanted]


def _parts(
    needs: Sequence[str], area: str, wanted: set[str], profile: ProfileLike, load: int
) -> _Parts:
    spoken = _spoken(profile.languages, wanted)
    return _Parts(
        shared=_shared(needs, profile.needs_experience),
        same_area=_same(area, profile.area or ""),
        spoken=spoken,
        free=max(profile.capacity - load, 0),
        capacity=profile.capacity,
    )


def _wanted(languages: Sequence[str]) -> set[str]:
    return {lang.strip().casefold() for lang in languages if lang.strip()}


def fit(
    needs: Sequence[str],
    area: str,
    languages: Sequence[str],
    profile: ProfileLike,
    load: int,
) -> Fit:
    """Score a mentor profile against a mentee's needs, area and languages, and the load."""
    parts = _parts(needs, area, _wanted(languages), profile, load)
    return Fit(parts.score, parts.reasons)


def _scorer(needs: Sequence[str], area: str, wanted: set[str]):
    """The sort key of a passing mentor, best first: the score as ``_Parts`` gives it, then
    name and id. Thousands of mentors share few profiles' lists and areas, so what each list
    and area adds is worked out once per distinct value."""
    shared: dict[str | None, int] = {}
    spoken: dict[str | None, int] = {}
    same_area: dict[str, bool] = {}

    def key(row) -> tuple[float, str, int]:
        if row.needs_json not in shared:
            shared[row.needs_json] = len(_shared(needs, row.needs_experience))
        if row.languages_json not in spoken:
            spoken[row.languages_json] = len(_spoken(row.languages, wanted))
        if row.area not in same_area:
            same_area[row.area] = _same(area, row.area or "")
        capacity = row.capacity
        free = max(capacity - row.load, 0)
        score = _score(
            shared[row.needs_json], same_area[row.area], spoken[row.languages_json], free, capacity
        )
        return (-score, row.name, row.id)

    return key


def candidates(
    session: Session,
    mentee: Mentee,
    today: date,
    *,
    page: int = 1,
    blocked_page: int = 1,
    per_page: int = PER_PAGE,
    name: str = "",
) -> Candidates:
    """The mentee's scheme's mentors not already matched with them, through the gate, a page each.

    The database screens every mentor in one statement (``screening``); the gate itself then runs
    for the mentors on the two pages shown, which words their reasons and has the last say.
    ``name`` keeps the mentors whose name contains it.
    """
    page, blocked_page = max(page, 1), max(blocked_page, 1)
    found = screening.screen_page(
        session,
        mentee.scheme_id,
        mentee,
        today,
        offset=(blocked_page - 1) * per_page,
        limit=per_page,
        name=name,
        exclude_matched_with=mentee.id,
    )
    needs, area, wanted = mentee.needs or [], mentee.area or "", _wanted(mentee.languages or [])
    scored = sorted(found.passing, key=_scorer(needs, area, wanted))
    out = Candidates(
        eligible_page=ListPage(scored, page, per_page),
        blocked_page=ListPage.of_page(found.blocked, blocked_page, per_page, found.blocked_total),
        blocked_by_kind=found.blocked_by_kind,
    )
    shown = [row.id for row in out.eligible_page.items] + [r.id for r in out.blocked_page.items]
    people = {
        person.id: person
        for person in session.scalars(
            select(Person).where(Person.id.in_(shown)).options(lazyload(Person.role_rows))
        )
    }
    results = {
        result.mentor.id: result
        for result in check_many(session, [people[i] for i in shown], mentee, today)
    }
    for row in out.eligible_page.items:
        if results[row.id].allowed:  # the gate has the last say
            parts = _parts(needs, area, wanted, row, row.load)  # worded for the page shown only
            out.eligible.append(Ranked(people[row.id], parts.score, parts.reasons))
    out.blocked = [results[row.id] for row in out.blocked_page.items]
    return out
