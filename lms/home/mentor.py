"""The certified mentor's "Needs your action": matches to answer, mentees not contacted lately,
their own supervision, certificate renewal and DBS recheck. One statement per item."""

from __future__ import annotations

from datetime import date, timedelta

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.certificates.models import Certificate, CertificateDefinition
from lms.certificates.queries import EXPIRY_WARNING_DAYS
from lms.home.items import ActionItem, count, pending
from lms.matching.dashboard.filters import NO_CONTACT, NO_CONTACT_DAYS, matches_query
from lms.matching.mine.checks import interval_weeks
from lms.matching.models import PROPOSED, Match
from lms.matching.supervision.services import supervision_due_query
from lms.vetting.latest import latest_id
from lms.vetting.models import VettingCheck
from lms.vetting.recheck_sql import effective_recheck
from lms.vetting.services import RECHECK_WARNING_DAYS


def _mine(mentor: Person, state: str, today: date):
    return (
        matches_query(state, today).with_only_columns(Match.id).where(Match.mentor_id == mentor.id)
    )


def renewals_due(session: Session, mentor: Person, today: date) -> int:
    """The mentor's usable certificates that run out within 60 days or whose renewal window has
    opened (one statement; the window is per definition)."""
    stmt = (
        select(Certificate.valid_until, CertificateDefinition.renewal_window_days)
        .join(CertificateDefinition, CertificateDefinition.id == Certificate.definition_id)
        .where(
            Certificate.person_id == mentor.id,
            Certificate.current,
            Certificate.revoked_at.is_(None),
            Certificate.suspended_at.is_(None),
            Certificate.valid_until >= today,
        )
    )
    return sum(
        1
        for until, window in session.execute(stmt)
        if until <= today + timedelta(days=max(EXPIRY_WARNING_DAYS, window))
    )


def supervision_due(session: Session, mentor: Person, today: date) -> int:
    """1 when the mentor's own supervision is overdue (the trainers' rule), else 0."""
    if mentor.scheme_id is None:
        return 0
    due = supervision_due_query(mentor.scheme_id, today, interval_weeks(mentor.scheme)).where(
        Person.id == mentor.id
    )
    return count(session, due)


def items(session: Session, mentor: Person, today: date) -> list[ActionItem]:
    """Most urgent first: a match waiting for an answer, then mentees not heard from."""
    recheck = select(VettingCheck.id).where(
        VettingCheck.id == latest_id(mentor.id),
        effective_recheck(VettingCheck) <= today + timedelta(days=RECHECK_WARNING_DAYS),
    )
    return pending(
        [
            ActionItem(
                "proposed",
                "proposed matches to accept or decline",
                count(session, _mine(mentor, PROPOSED, today)),
                url_for("matching.my_mentees", show=PROPOSED),
            ),
            ActionItem(
                "no_contact",
                f"mentees with no contact logged in {NO_CONTACT_DAYS} days",
                count(session, _mine(mentor, NO_CONTACT, today)),
                url_for("matching.my_mentees", show=NO_CONTACT),
                "Log each contact you have, however short.",
            ),
            ActionItem(
                "supervision",
                "supervision sessions due",
                supervision_due(session, mentor, today),
                url_for("matching.my_mentees", _anchor="supervision"),
                "Ask a trainer in your scheme for a supervision session.",
            ),
            ActionItem(
                "renewal",
                f"certificates to renew: expiring in {EXPIRY_WARNING_DAYS} days or renewal due",
                renewals_due(session, mentor, today),
                url_for("certificates.mine"),
            ),
            ActionItem(
                "recheck",
                f"DBS rechecks due in the next {RECHECK_WARNING_DAYS} days or overdue",
                count(session, recheck),
                url_for("matching.my_mentees", _anchor="dbs-recheck"),
                "Your scheme coordinator arranges your DBS recheck.",
            ),
        ]
    )
