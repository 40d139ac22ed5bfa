"""Each signal tells the right people on the site, and by email through the outbox, with no
sensitive detail (no reasons, no mentee details) in the text or the email."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms import events
from lms.accounts.models import Role
from lms.certificates import services as certificates
from lms.extensions import db
from lms.matching.matches import services as matches
from lms.notifications.models import Notification
from lms.ukdates import uk_today
from tests.factories import (
    make_definition,
    make_eligible,
    make_match,
    make_mentee,
    make_mentor,
    make_person,
)
from tests.inbox import mails_to, notes_for

SECRET = "SECRET-DETAIL-NOT-FOR-EMAIL"


def all_notification_text(outbox) -> str:
    """Every notification's text and every email sent (bodies are emptied once sent)."""
    texts = db.session.scalars(select(Notification.text))
    return "\n".join([*(m.body for m in outbox), *texts])


@pytest.fixture
def mentor(people):
    make_mentor(people["trainee"])
    db.session.commit()
    return people["trainee"]


@pytest.fixture
def second_coordinator(people, scheme):
    person = make_person("cat2@example.org", "Cat Two", [Role.COORDINATOR], scheme)
    db.session.commit()
    return person


def test_a_proposed_match_tells_the_mentor_by_email(outbox, people, scheme, mentor):
    mentee = make_mentee(scheme, restricted_notes=SECRET)
    match = matches.propose_match(db.session, people["coordinator"], mentor, mentee, uk_today())
    db.session.commit()
    (note,) = notes_for(mentor)
    link = f"/matching/my-mentees/{match.id}"
    assert note.kind == "match-proposed" and note.unread and note.link == link
    assert len(mails_to(mentor, "notification")) == 1
    (email,) = [m for m in outbox if m.to == [mentor.email]]
    assert f"http://lms.test{link}" in email.body
    assert "A new match has been proposed to you." in email.body
    assert mentee.reference not in all_notification_text(outbox)
    assert notes_for(people["coordinator"]) == []  # who proposed it is not told


def test_activated_and_resumed_tell_the_mentor(outbox, people, scheme, mentor):
    mentee = make_mentee(scheme)
    match = make_match(mentor, mentee, status="proposed", created_by=people["coordinator"])
    matches.activate(db.session, people["coordinator"], match, uk_today())
    matches.pause(db.session, people["coordinator"], match, SECRET)
    matches.resume(db.session, people["coordinator"], match, uk_today())
    db.session.commit()
    kinds = [n.kind for n in notes_for(mentor)]
    assert kinds == ["match-activated", "match-paused", "match-resumed"]
    assert len(mails_to(mentor, "notification")) == 3
    assert SECRET not in all_notification_text(outbox)


def test_pause_and_end_also_tell_the_other_coordinators(
    outbox, people, scheme, mentor, second_coordinator
):
    mentee = make_mentee(scheme)
    match = make_match(mentor, mentee, created_by=people["coordinator"])
    matches.pause(db.session, people["coordinator"], match, SECRET)
    matches.end_match(db.session, people["coordinator"], match, SECRET, "scheme")
    db.session.commit()
    assert [n.kind for n in notes_for(second_coordinator)] == ["match-paused", "match-ended"]
    assert notes_for(second_coordinator)[0].link == f"/matching/matches/{match.id}"
    assert len(mails_to(second_coordinator, "notification")) == 2
    assert notes_for(people["coordinator"]) == []
    assert [n.kind for n in notes_for(mentor)] == ["match-paused", "match-ended"]
    assert SECRET not in all_notification_text(outbox)


def test_a_system_pause_shows_coordinators_on_the_site_only(people, scheme, mentor):
    """The cascade emails coordinators, and the holder hears of the certificate: no more emails."""
    match = make_match(mentor, make_mentee(scheme))
    events.match_paused.send(match, session=db.session, actor=None, reason=SECRET)
    db.session.commit()
    assert [n.kind for n in notes_for(people["coordinator"])] == ["match-paused"]
    assert mails_to(people["coordinator"], "notification") == []
    assert [n.kind for n in notes_for(mentor)] == ["match-paused"]
    assert mails_to(mentor, "notification") == []


@pytest.fixture
def issued(people):
    definition = make_definition()
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    settings = certificates.IssueSettings(base_url="https://lms.test")
    cert = certificates.issue(
        db.session, people["trainer"], people["trainee"], definition, settings, today=uk_today()
    )
    db.session.commit()
    return cert


def test_certificate_issued_suspended_and_valid_again_tell_the_holder(outbox, people, issued):
    holder = people["trainee"]
    review = uk_today() + timedelta(days=30)
    certificates.suspend(
        db.session, people["coordinator"], issued, SECRET, review, today=uk_today()
    )
    db.session.commit()
    certificates.reinstate(db.session, people["coordinator"], issued, SECRET)
    db.session.commit()
    kinds = [n.kind for n in notes_for(holder) if n.kind.startswith("certificate-")]
    assert kinds == ["certificate-issued", "certificate-suspended", "certificate-valid-again"]
    assert {n.link for n in notes_for(holder) if n.kind in kinds} == {"/certificates/"}
    assert len(mails_to(holder, "notification")) == 3
    assert SECRET not in all_notification_text(outbox)


def test_renewed_revoked_and_expired_tell_the_holder(outbox, people, issued):
    holder = people["trainee"]
    for why in ("revoked", "expired"):
        events.certificate_stopped.send(issued, session=db.session, actor=None, why=why)
    events.certificate_renewed.send(issued, session=db.session, actor=None, previous=issued)
    db.session.commit()
    kinds = [n.kind for n in notes_for(holder) if n.kind.startswith("certificate-")][1:]
    assert kinds == ["certificate-revoked", "certificate-expired", "certificate-renewed"]
    assert "revoked" not in all_notification_text(outbox).lower()


def test_a_deactivated_person_is_not_told(people, scheme, mentor):
    mentor.active = False
    match = make_match(mentor, make_mentee(scheme))
    events.match_ended.send(match, session=db.session, actor=None, reason="", requested_by="scheme")
    assert notes_for(mentor) == []
