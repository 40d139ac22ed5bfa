"""Notifications to staff: a proposed revocation reaches every other active admin (never the
proposer, nor the holder), and a mentor's accept or decline reaches the scheme's coordinators
once each (choices: tests/functional/test_mentor_answer_notices.py)."""

from __future__ import annotations

import pytest

from lms.accounts.models import Person, Role
from lms.certificates import services as certificates
from lms.extensions import db
from lms.matching.matches import services as matches
from lms.matching.mine import services as mine
from lms.notifications.triggers import REVOCATION_TEXT
from lms.ukdates import uk_today
from tests.factories import make_mentee, make_mentor, make_person
from tests.inbox import mails_to, notes_for

SECRET = "SECRET-REASON-NOT-FOR-EMAIL"


@pytest.fixture
def admins(people, scheme) -> list[Person]:
    other = make_person("ada2@example.org", "Ada Two", [Role.ADMIN], scheme)
    gone = make_person("ada3@example.org", "Ada Gone", [Role.ADMIN], scheme)
    gone.active = False
    db.session.commit()
    return [people["admin"], other, gone]


def test_a_proposed_revocation_tells_every_other_active_admin(people, admins, outbox):
    cert = make_mentor(people["trainee"])
    proposer, other, gone = admins
    certificates.propose_revocation(db.session, proposer, cert, SECRET)
    db.session.commit()
    (note,) = notes_for(other)
    assert note.kind == "revocation-proposed" and note.text == REVOCATION_TEXT
    assert note.link == "/certificates/revocations"
    assert notes_for(proposer) == [] and notes_for(gone) == []
    assert notes_for(people["coordinator"]) == [] and notes_for(people["trainer"]) == []
    assert notes_for(people["trainee"], "revocation-proposed") == []
    (email,) = [m for m in outbox if m.to == [other.email]]
    assert "http://lms.test/certificates/revocations" in email.body
    assert SECRET not in email.body and cert.number not in email.body
    assert cert.holder_name not in note.text + email.body


def test_a_coordinator_proposing_tells_every_admin_but_not_an_admin_holder(people, admins):
    """The holder may not decide about their own certificate, so is not asked to."""
    proposer_holder, other, _ = admins
    cert = make_mentor(proposer_holder)
    certificates.propose_revocation(db.session, people["coordinator"], cert, SECRET)
    db.session.commit()
    assert len(notes_for(other, "revocation-proposed")) == 1
    assert notes_for(proposer_holder, "revocation-proposed") == []
    assert notes_for(people["coordinator"]) == []


def test_a_refused_proposal_tells_nobody(people, admins):
    cert = make_mentor(people["trainee"])
    with pytest.raises(certificates.CertificateError):
        certificates.propose_revocation(db.session, admins[0], cert, "   ")
    db.session.rollback()
    assert notes_for(admins[1]) == []


@pytest.fixture
def mentor(people) -> Person:
    """The demo trainee, now holding a certificate (a certified mentor keeps the trainee role)."""
    make_mentor(people["trainee"], today=uk_today())
    return people["trainee"]


@pytest.fixture
def proposed(people, mentor):
    mentee = make_mentee(mentor.scheme, "M-001", restricted_notes=SECRET)
    match = matches.propose_match(db.session, people["coordinator"], mentor, mentee, uk_today())
    db.session.commit()
    return match


@pytest.fixture
def second_coordinator(people, scheme) -> Person:
    return make_person("cat2@example.org", "Cat Two", [Role.COORDINATOR], scheme)


def test_a_decline_reaches_every_coordinator_on_the_site_with_one_email_each(
    people, mentor, proposed, second_coordinator
):
    mine.decline(db.session, mentor, proposed, SECRET)
    db.session.commit()
    for coordinator in (people["coordinator"], second_coordinator):
        (note,) = notes_for(coordinator)
        assert note.kind == "match-declined" and note.link == f"/matching/matches/{proposed.id}"
        assert "declined" in note.text and SECRET not in note.text
        assert "M-001" not in note.text
        assert len(mails_to(coordinator)) == 1  # one email, the plain notification
        assert len(mails_to(coordinator, "notification")) == 1
    assert notes_for(mentor, "match-ended") == []  # the mentor did it


def test_an_accept_reaches_the_coordinators_on_the_site(people, mentor, proposed):
    mine.accept(db.session, mentor, proposed, uk_today())
    db.session.commit()
    (note,) = notes_for(people["coordinator"])
    assert note.kind == "match-accepted" and note.link == f"/matching/matches/{proposed.id}"
    assert len(mails_to(people["coordinator"], "notification")) == 1
    assert notes_for(mentor, "match-activated") == []


def test_a_coordinator_activating_does_not_tell_coordinators(people, mentor, proposed):
    """Only the mentor's own answer is news to the coordinators; the mentor hears of this one."""
    matches.activate(db.session, people["coordinator"], proposed, uk_today())
    db.session.commit()
    assert notes_for(people["coordinator"]) == []
    assert [n.kind for n in notes_for(mentor)] == ["match-proposed", "match-activated"]
