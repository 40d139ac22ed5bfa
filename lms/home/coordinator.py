"""The coordinator's "Needs your action": releases, matches, DBS rechecks, certificates."""

from __future__ import annotations

from datetime import date, timedelta

from flask import url_for
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.certificates.models import Certificate
from lms.home.items import ActionItem, count, pending
from lms.matching.mentees.services import RELEASE_WINDOW_DAYS, has_mentor, mentees_query
from lms.matching.models import PAUSED, PROPOSED, Match
from lms.vetting.models import VettingCheck

RECHECK_WARNING_DAYS = 30
EXPIRY_WARNING_DAYS = 60


def _matches(session: Session, scheme_id: int, status: str) -> int:
    stmt = select(Match.id).where(Match.scheme_id == scheme_id, Match.status == status)
    return count(session, stmt)


def rechecks_due_query(scheme_id: int, today: date):
    """Active people of the scheme whose latest DBS check is due a recheck within 30 days
    (or overdue)."""
    latest = select(func.max(VettingCheck.id)).group_by(VettingCheck.person_id).scalar_subquery()
    return (
        select(VettingCheck.id)
        .join(Person, Person.id == VettingCheck.person_id)
        .where(
            VettingCheck.id.in_(latest),
            Person.scheme_id == scheme_id,
            Person.active.is_(True),
            VettingCheck.recheck_due <= today + timedelta(days=RECHECK_WARNING_DAYS),
        )
    )


def _live(scheme_id: int):
    return select(Certificate.id).where(
        Certificate.current,
        Certificate.scheme_id == scheme_id,
        Certificate.revoked_at.is_(None),
    )


def items(session: Session, coordinator: Person, today: date) -> list[ActionItem]:
    """Most urgent first; a coordinator with no scheme has nothing to do here."""
    scheme_id = coordinator.scheme_id
    if scheme_id is None:
        return []
    releasing = mentees_query(scheme_id, show="releasing", today=today).where(~has_mentor())
    overdue_review = _live(scheme_id).where(
        Certificate.suspended_at.is_not(None), Certificate.review_date < today
    )
    expiring = _live(scheme_id).where(
        Certificate.suspended_at.is_(None),
        Certificate.valid_until >= today,
        Certificate.valid_until <= today + timedelta(days=EXPIRY_WARNING_DAYS),
    )
    dashboard = url_for("matching.dashboard")
    certificates = url_for("certificates.scheme")
    return pending(
        [
            ActionItem(
                "releases",
                f"mentees released in the next {RELEASE_WINDOW_DAYS} days with no mentor",
                count(session, releasing),
                url_for("matching.mentees", show="releasing"),
            ),
            ActionItem("paused", "paused matches", _matches(session, scheme_id, PAUSED), dashboard),
            ActionItem(
                "proposed",
                "proposed matches waiting for the mentor",
                _matches(session, scheme_id, PROPOSED),
                dashboard,
            ),
            ActionItem(
                "rechecks",
                f"DBS rechecks due in the next {RECHECK_WARNING_DAYS} days or overdue",
                count(session, rechecks_due_query(scheme_id, today)),
                url_for("vetting.index"),
            ),
            ActionItem(
                "reviews",
                "suspensions past their review date",
                count(session, overdue_review),
                certificates,
            ),
            ActionItem(
                "expiring",
                f"certificates expiring in the next {EXPIRY_WARNING_DAYS} days",
                count(session, expiring),
                certificates,
            ),
        ]
    )
