"""A DBS check marked as entered in error pauses the person's live matches the gate would now
refuse for want of a check (audited, told through the usual pause path); matches still covered
by another check are left alone."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.accounts.models import Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.matching.matches import services as matches
from lms.matching.models import ACTIVE, PAUSED
from lms.matching.vetting_cascade import PAUSE_REASON
from lms.notifications.models import Notification
from lms.ukdates import uk_today
from lms.vetting import services as vetting
from lms.vetting.models import VettingCheck
from tests.factories import make_mentee, make_mentor, make_person


def _mentor_with_active_match(people, reference: str = "VE-1"):
    coordinator = people["coordinator"]
    mentor = make_person("vic@example.org", "Vic Mentor", [Role.TRAINEE], coordinator.scheme)
    make_mentor(mentor, today=uk_today())
    mentee = make_mentee(coordinator.scheme, reference)
    match = matches.propose_match(db.session, coordinator, mentor, mentee, uk_today())
    matches.activate(db.session, coordinator, match, uk_today())
    db.session.commit()
    return mentor, match


def _only_check(mentor) -> VettingCheck:
    return db.session.scalars(select(VettingCheck).where(VettingCheck.person_id == mentor.id)).one()


def test_striking_out_the_only_check_pauses_the_live_match(people):
    mentor, match = _mentor_with_active_match(people)
    vetting.mark_in_error(db.session, people["coordinator"], _only_check(mentor), "Wrong person")
    db.session.commit()
    db.session.refresh(match)
    assert match.status == PAUSED and match.paused_reason == PAUSE_REASON
    paused = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "match.paused")).all()
    assert [e.actor_id for e in paused] == [people["coordinator"].id]
    told = db.session.scalars(
        select(Notification).where(
            Notification.person_id == mentor.id, Notification.kind == "match-paused"
        )
    ).all()
    assert len(told) == 1 and "DBS" not in told[0].text and "error" not in told[0].text


def test_a_match_still_covered_by_another_check_stays_active(people):
    mentor, match = _mentor_with_active_match(people)
    good = _only_check(mentor)
    wrong = VettingCheck(
        person_id=mentor.id,
        scheme_id=mentor.scheme_id,
        level=good.level,
        certificate_date=good.certificate_date - timedelta(days=30),
        recheck_due=good.recheck_due,
        recorded_by_id=people["coordinator"].id,
    )
    db.session.add(wrong)
    db.session.commit()
    vetting.mark_in_error(db.session, people["coordinator"], wrong, "Entered twice")
    db.session.commit()
    db.session.refresh(match)
    assert match.status == ACTIVE
    assert (
        db.session.scalars(select(AuditEvent).where(AuditEvent.action == "match.paused")).all()
        == []
    )


def test_a_match_left_with_an_overdue_check_is_paused(people):
    """The check left behind is due a recheck: the gate answers "recheck due", not "missing",
    and the match is paused all the same."""
    mentor, match = _mentor_with_active_match(people)
    good = _only_check(mentor)
    old = VettingCheck(
        person_id=mentor.id,
        scheme_id=mentor.scheme_id,
        level=good.level,
        certificate_date=good.certificate_date - timedelta(days=1200),
        recheck_due=uk_today() - timedelta(days=1),
        recorded_by_id=people["coordinator"].id,
    )
    db.session.add(old)
    db.session.commit()
    vetting.mark_in_error(db.session, people["coordinator"], good, "Another person's check")
    db.session.commit()
    db.session.refresh(match)
    assert match.status == PAUSED and match.paused_reason == PAUSE_REASON
    paused = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "match.paused")).all()
    expected = [(str(match.id), people["coordinator"].id)]
    assert [(e.subject_id, e.actor_id) for e in paused] == expected
