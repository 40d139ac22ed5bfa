"""The coordinator's dashboard and the scheme's mentors by state (matchable, expiring, blocked).

A scheme may have thousands of mentors, so states come from one screening statement
(``screening``) and the gate words reasons only for the mentors a page shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, lazyload, selectinload

from lms.accounts.models import Person
from lms.matching.gate import Reason, check_many, screening
from lms.matching.mentees.services import mentees_query
from lms.matching.models import ACTIVE, PAUSED, Match, Mentee

EXPIRY_WARNING_DAYS = 60
MATCHABLE, EXPIRING_SOON, BLOCKED = "matchable", "expiring", "blocked"
STATES = {
    MATCHABLE: "Can be matched",
    EXPIRING_SOON: f"Can be matched, certificate expiring within {EXPIRY_WARNING_DAYS} days",
    BLOCKED: "Cannot be matched",
}
# How many mentors and matches each dashboard list shows before "see all".
SHORT_LIST = 10


@dataclass
class MentorState:
    """Where a mentor stands: matchable, matchable with a certificate expiring soon, or blocked.

    ``kinds`` are the kinds of reason that block them; ``reasons`` (the gate's words) are filled
    in only for the mentors a page shows (``with_reasons``).
    """

    id: int
    name: str
    state: str
    kinds: tuple[str, ...] = ()
    expires_on: date | None = None
    load: int = 0
    capacity: int | None = None
    reasons: list[Reason] = field(default_factory=list)


def plain_mentee(scheme_id: int) -> Mentee:
    """An in-memory mentee of the scheme who asks for nothing beyond the basics.

    Never added to the session. Against this mentee only the reasons that belong to the mentor
    themselves remain (certificate, vetting, supervision, availability, capacity): no
    preference, no extra needs, not under 18, no MAPPA or high risk, and no id, so no declared
    conflict can apply.
    """
    return Mentee(
        scheme_id=scheme_id,
        reference="",
        gender="not_said",
        gender_preference="none",
        under_18=False,
        needs=[],
        languages=[],
        in_custody=False,
        mappa_level=None,
        high_risk=False,
        probation_agreed=False,
    )


def mentor_states(session: Session, scheme_id: int, today: date) -> list[MentorState]:
    """Every mentor of the scheme with their state, by name, in one statement (no reasons)."""
    warn_from = today + timedelta(days=EXPIRY_WARNING_DAYS)
    states = []
    for row in screening.screen(session, scheme_id, plain_mentee(scheme_id), today):
        if row.kinds:
            state = BLOCKED
        elif row.expires_on and row.expires_on <= warn_from:
            state = EXPIRING_SOON
        else:
            state = MATCHABLE
        states.append(
            MentorState(row.id, row.name, state, row.kinds, row.expires_on, row.load, row.capacity)
        )
    return states


def in_state(states: list[MentorState], state: str) -> list[MentorState]:
    """The mentors in one state (all when ``state`` is empty), in the order that helps most.

    Blocked: nearest to matchable first; expiring: soonest first; otherwise by name.
    """
    if not state:
        return list(states)
    chosen = [s for s in states if s.state == state]
    if state == BLOCKED:
        chosen.sort(key=lambda s: (len(s.kinds), s.name, s.id))
    elif state == EXPIRING_SOON:
        chosen.sort(key=lambda s: (s.expires_on, s.name, s.id))
    return chosen


def with_reasons(
    session: Session, states: list[MentorState], scheme_id: int, today: date
) -> list[MentorState]:
    """Fill in the gate's reasons for the blocked mentors among ``states`` (one page of them)."""
    blocked = [s for s in states if s.state == BLOCKED]
    if not blocked:
        return states
    people = {
        person.id: person
        for person in session.scalars(
            select(Person)
            .where(Person.id.in_([s.id for s in blocked]))
            .options(lazyload(Person.role_rows))
        )
    }
    results = check_many(session, [people[s.id] for s in blocked], plain_mentee(scheme_id), today)
    for state, result in zip(blocked, results, strict=True):
        state.reasons = result.reasons
    return states


def counts_of(states: list[MentorState]) -> dict[str, int]:
    counts = dict.fromkeys(STATES, 0)
    for s in states:
        counts[s.state] += 1
    return counts


@dataclass
class Dashboard:
    releases: list[Mentee]
    counts: dict[str, int]
    blocked_by_kind: dict[str, int]
    expiring: list[MentorState]
    blocked: list[MentorState]
    paused: list[Match]
    active: list[Match]
    active_total: int


def dashboard(session: Session, scheme_id: int, today: date) -> Dashboard:
    """Everything on the coordinator dashboard, in a fixed number of statements."""
    states = mentor_states(session, scheme_id, today)
    blocked = in_state(states, BLOCKED)
    return Dashboard(
        releases=releases_without_mentor(session, scheme_id, today),
        counts=counts_of(states),
        blocked_by_kind=screening.counts_by_kind(blocked),
        expiring=in_state(states, EXPIRING_SOON)[:SHORT_LIST],
        blocked=with_reasons(session, blocked[:SHORT_LIST], scheme_id, today),
        paused=matches_in(session, scheme_id, PAUSED),
        active=matches_in(session, scheme_id, ACTIVE, limit=SHORT_LIST),
        active_total=session.scalar(
            select(func.count(Match.id)).where(Match.scheme_id == scheme_id, Match.status == ACTIVE)
        )
        or 0,
    )


def releases_without_mentor(session: Session, scheme_id: int, today: date) -> list[Mentee]:
    """Mentees released in the next 14 days with no proposed or active match, soonest first."""
    stmt = mentees_query(scheme_id, show="releasing_no_mentor", today=today)
    return list(session.scalars(stmt))


def matches_in(
    session: Session, scheme_id: int, status: str, limit: int | None = None
) -> list[Match]:
    """Paused matches longest-paused first; active ones newest first (``limit`` of them)."""
    order = (
        (Match.paused_at, Match.id)
        if status == PAUSED
        else (Match.activated_at.desc(), Match.id.desc())
    )
    stmt = (
        select(Match)
        .where(Match.scheme_id == scheme_id, Match.status == status)
        .options(selectinload(Match.mentor), selectinload(Match.mentee))
        .order_by(*order)
        .limit(limit)
    )
    return list(session.scalars(stmt))
