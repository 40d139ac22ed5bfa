"""The coordinator's "Needs your action": releases, matches, DBS rechecks, certificates."""

from __future__ import annotations

from datetime import date

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.certificates.models import Certificate
from lms.certificates.queries import (
    EXPIRY_WARNING_DAYS,
    expiring_condition,
    overdue_review_condition,
)
from lms.expenses.models import SUBMITTED, ExpenseClaim
from lms.home.items import ActionItem, count, pending
from lms.matching.concerns.services import open_matches_query
from lms.matching.dashboard.filters import NO_CONTACT, NO_CONTACT_DAYS, matches_query
from lms.matching.mentees.services import RELEASE_WINDOW_DAYS, mentees_query
from lms.matching.models import PAUSED, PROPOSED, Match
from lms.vetting.services import RECHECK_WARNING_DAYS, rechecks_due_query


def _matches(session: Session, scheme_id: int, state: str, today: date) -> int:
    """Matches of the scheme in one of the dashboard's filters (the list the count links to)."""
    stmt = matches_query(state, today).with_only_columns(Match.id)
    return count(session, stmt.where(Match.scheme_id == scheme_id))


def _live(scheme_id: int):
    return select(Certificate.id).where(
        Certificate.current,
        Certificate.scheme_id == scheme_id,
        Certificate.revoked_at.is_(None),
    )


def _claims(scheme_id: int, coordinator: Person):
    """Claims of the scheme waiting for a decision, never the coordinator's own."""
    return select(ExpenseClaim.id).where(
        ExpenseClaim.scheme_id == scheme_id,
        ExpenseClaim.status == SUBMITTED,
        ExpenseClaim.mentor_id != coordinator.id,
    )


def items(session: Session, coordinator: Person, today: date) -> list[ActionItem]:
    """Most urgent first; a coordinator with no scheme has nothing to do here."""
    scheme_id = coordinator.scheme_id
    if scheme_id is None:
        return []
    releasing = mentees_query(scheme_id, show="releasing_no_mentor", today=today)
    overdue_review = _live(scheme_id).where(overdue_review_condition(today))
    expiring = _live(scheme_id).where(expiring_condition(today))
    return pending(
        [
            ActionItem(
                "concerns",
                "matches with a concern flagged by the mentor not yet looked at",
                count(session, open_matches_query(scheme_id)),
                url_for("matching.concerns"),
            ),
            ActionItem(
                "releases",
                f"mentees released in the next {RELEASE_WINDOW_DAYS} days with no mentor",
                count(session, releasing),
                url_for("matching.mentees", show="releasing_no_mentor"),
            ),
            ActionItem(
                "paused",
                "paused matches",
                _matches(session, scheme_id, PAUSED, today),
                url_for("matching.dashboard", state=PAUSED),
            ),
            ActionItem(
                "proposed",
                "proposed matches waiting for the mentor",
                _matches(session, scheme_id, PROPOSED, today),
                url_for("matching.dashboard", state=PROPOSED),
            ),
            ActionItem(
                "no_contact",
                f"mentees with no contact logged in {NO_CONTACT_DAYS} days",
                _matches(session, scheme_id, NO_CONTACT, today),
                url_for("matching.dashboard", state=NO_CONTACT),
            ),
            ActionItem(
                "claims",
                "expense claims to approve or query",
                count(session, _claims(scheme_id, coordinator)),
                url_for("expenses.waiting"),
            ),
            ActionItem(
                "rechecks",
                f"DBS rechecks due in the next {RECHECK_WARNING_DAYS} days or overdue",
                count(session, rechecks_due_query(scheme_id, today)),
                url_for("vetting.index", due=RECHECK_WARNING_DAYS),
            ),
            ActionItem(
                "reviews",
                "suspensions past their review date",
                count(session, overdue_review),
                url_for("certificates.scheme", review="overdue"),
            ),
            ActionItem(
                "expiring",
                f"certificates expiring in the next {EXPIRY_WARNING_DAYS} days",
                count(session, expiring),
                url_for("certificates.scheme", expiring=EXPIRY_WARNING_DAYS),
            ),
        ]
    )
