"""Statements for reading the audit trail: the filtered list, its select options, neighbours.

Every filter maps to one WHERE clause; the list is ordered by id (the primary key), which for
an append-only trail is the order events were recorded in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session, raiseload

from lms.accounts.models import Person, Scheme
from lms.audit.labels import actions_matching
from lms.audit.models import AuditEvent
from lms.ukdates import uk_day_start


@dataclass(frozen=True)
class AuditFilters:
    """What the admin asked for; empty values mean 'any'."""

    text: str = ""
    action: str = ""
    actor: str = ""
    subject_type: str = ""
    subject_id: str = ""
    scheme_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None
    oldest_first: bool = False


def _contains(column, text: str):
    return func.lower(column).contains(text.lower(), autoescape=True)


def events_query(filters: AuditFilters) -> Select[tuple[AuditEvent]]:
    """Events matching ``filters``, newest first (or oldest first when asked). Relationships
    are never loaded per row."""
    order = AuditEvent.id if filters.oldest_first else AuditEvent.id.desc()
    stmt = select(AuditEvent).options(raiseload("*")).order_by(order)
    if text := filters.text.strip():
        matches = [
            _contains(AuditEvent.action, text),
            _contains(AuditEvent.reason, text),
            _contains(AuditEvent.actor_name, text),
        ]
        if codes := actions_matching(text):
            matches.append(AuditEvent.action.in_(codes))
        stmt = stmt.where(or_(*matches))
    if filters.action:
        stmt = stmt.where(AuditEvent.action == filters.action)
    if actor := filters.actor.strip():
        by_email = select(Person.id).where(Person.email.contains(actor.lower(), autoescape=True))
        stmt = stmt.where(
            or_(_contains(AuditEvent.actor_name, actor), AuditEvent.actor_id.in_(by_email))
        )
    if filters.subject_type:
        stmt = stmt.where(AuditEvent.subject_type == filters.subject_type)
    if subject_id := filters.subject_id.strip():
        stmt = stmt.where(AuditEvent.subject_id == subject_id)
    if filters.scheme_id:
        stmt = stmt.where(AuditEvent.scheme_id == filters.scheme_id)
    if filters.date_from:
        stmt = stmt.where(AuditEvent.occurred_at >= uk_day_start(filters.date_from))
    if filters.date_to:
        stmt = stmt.where(AuditEvent.occurred_at < uk_day_start(filters.date_to + timedelta(1)))
    return stmt


def distinct_actions(session: Session) -> list[str]:
    """Every action code present in the trail, for the action filter."""
    stmt = select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    return list(session.scalars(stmt))


def distinct_subject_types(session: Session) -> list[str]:
    """Every kind of subject present in the trail, for the subject type filter."""
    stmt = select(AuditEvent.subject_type).distinct().order_by(AuditEvent.subject_type)
    return list(session.scalars(stmt))


def scheme_names(session: Session) -> dict[int, str]:
    """Scheme names by id, alphabetical: the scheme filter and the scheme column both use it."""
    rows = session.execute(select(Scheme.id, Scheme.name).order_by(Scheme.name, Scheme.id))
    return dict(rows.all())


def neighbours(session: Session, event: AuditEvent) -> tuple[int | None, int | None]:
    """The ids of the events recorded just before and just after ``event``."""
    before = session.scalar(select(func.max(AuditEvent.id)).where(AuditEvent.id < event.id))
    after = session.scalar(select(func.min(AuditEvent.id)).where(AuditEvent.id > event.id))
    return before, after
