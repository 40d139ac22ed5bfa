"""Filtered lists of a scheme's matches (active, paused, proposed, no contact logged lately):
the one statement each home page counts and the dashboard lists, so a count and its list agree."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import Session, selectinload

from lms.matching.models import ACTIVE, PAUSED, PROPOSED, ContactLog, Match

NO_CONTACT_DAYS = 14
NO_CONTACT = "no-contact"
# Query-string value -> what the list says is shown.
MATCH_FILTERS = {
    ACTIVE: "Active matches and last contact",
    PAUSED: "Paused matches",
    PROPOSED: "Proposed matches waiting for the mentor",
    NO_CONTACT: f"Active matches with no contact logged in {NO_CONTACT_DAYS} days",
}


def last_contact_column():
    """The date of a match's latest contact (from the contact log's index), or null."""
    return (
        select(func.max(ContactLog.held_on))
        .where(ContactLog.match_id == Match.id)
        .correlate(Match)
        .scalar_subquery()
    )


def quiet_condition(today: date):
    """An active match whose latest contact, or its activation date if none, is 14 or more
    days before ``today``."""
    cutoff = today - timedelta(days=NO_CONTACT_DAYS)
    # Activated on or before the cutoff day (UTC): before the start of the day after it.
    before = datetime.combine(cutoff + timedelta(days=1), time(), tzinfo=UTC)
    last = last_contact_column()
    activated = func.coalesce(Match.activated_at, Match.created_at)
    return and_(
        Match.status == ACTIVE,
        or_(last <= cutoff, and_(last.is_(None), activated < before)),
    )


def matches_query(state: str, today: date) -> Select[tuple[Match]]:
    """Matches in one filter (every scheme: the caller narrows it), oldest first."""
    stmt = select(Match)
    if state == NO_CONTACT:
        stmt = stmt.where(quiet_condition(today))
    elif state in (ACTIVE, PAUSED, PROPOSED):
        stmt = stmt.where(Match.status == state)
    else:
        raise ValueError(f"unknown match filter {state!r}")
    return stmt.order_by(Match.created_at, Match.id)


def scheme_matches(scheme_id: int, state: str, today: date) -> Select[tuple[Match]]:
    """One scheme's matches in ``state``, with mentor and mentee loaded for a list."""
    return (
        matches_query(state, today)
        .where(Match.scheme_id == scheme_id)
        .options(selectinload(Match.mentor), selectinload(Match.mentee))
    )


def last_contacts(session: Session, match_ids: list[int]) -> dict[int, date]:
    """Each listed match's latest contact date (one statement)."""
    if not match_ids:
        return {}
    stmt = (
        select(ContactLog.match_id, func.max(ContactLog.held_on))
        .where(ContactLog.match_id.in_(match_ids))
        .group_by(ContactLog.match_id)
    )
    return dict(session.execute(stmt).all())
