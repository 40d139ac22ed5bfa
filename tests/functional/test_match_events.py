"""The match services send a signal for each change of a match, before commit, with the
documented arguments; the pause cascade's pauses say the system made them."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from lms import events
from lms.accounts.models import Person, Role
from lms.certificates import services as certificates
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.matching.matches import services
from lms.matching.models import Mentee
from tests.factories import make_mentee, make_mentor, make_person
from tests.signals import caught

TODAY = date(2026, 11, 28)


@pytest.fixture
def mentor(people) -> Person:
    person = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(person, today=TODAY)
    return person


@pytest.fixture
def mentee(people) -> Mentee:
    return make_mentee(people["trainee"].scheme, "M-001")


def test_each_change_of_a_match_sends_its_signal(people, mentor, mentee):
    """Proposed, activated, paused, resumed and ended: one signal each, sender the match,
    with the session, the coordinator and (for pauses and endings) the reason."""
    coordinator = people["coordinator"]
    base = {"session": db.session, "actor": coordinator}
    with caught(events.match_proposed) as proposed:
        match = services.propose_match(db.session, coordinator, mentor, mentee, TODAY)
    with caught(events.match_activated) as activated:
        services.activate(db.session, coordinator, match, TODAY)
    with caught(events.match_paused) as paused:
        services.pause(db.session, coordinator, match, "  Mentor on holiday ")
    with caught(events.match_resumed) as resumed:
        services.resume(db.session, coordinator, match, TODAY)
    with caught(events.match_ended) as ended:
        services.end_match(db.session, coordinator, match, "Moved away", "mentee")
    sends = [proposed, activated, paused, resumed, ended]
    assert [len(s) for s in sends] == [1, 1, 1, 1, 1]
    assert all(s[0].sender is match and s[0].in_transaction for s in sends)
    assert proposed[0].kwargs == activated[0].kwargs == resumed[0].kwargs == base
    assert paused[0].kwargs == {**base, "reason": "Mentor on holiday"}
    assert ended[0].kwargs == {**base, "reason": "Moved away", "requested_by": "mentee"}
    audited = [s[0].audited[-1] for s in sends]
    assert audited == [
        "match.proposed",
        "match.activated",
        "match.paused",
        "match.resumed",
        "match.ended",
    ]


def test_a_refused_change_sends_nothing(people, mentor, mentee):
    """A change the rules refuse sends no signal."""
    coordinator = people["coordinator"]
    match = services.propose_match(db.session, coordinator, mentor, mentee, TODAY)
    with caught(events.match_resumed) as resumed, pytest.raises(services.MatchError):
        services.resume(db.session, coordinator, match, TODAY)
    assert resumed == []


def test_the_cascade_pauses_as_the_system(people, mentor, mentee):
    """A suspension pauses the live match through match_paused with no actor."""
    coordinator = people["coordinator"]
    match = services.propose_match(db.session, coordinator, mentor, mentee, TODAY)
    cert = db.session.scalars(
        select(Certificate).where(Certificate.person_id == mentor.id, Certificate.current)
    ).one()
    with caught(events.match_paused) as paused:
        certificates.suspend(db.session, coordinator, cert, "Concern", TODAY, today=TODAY)
    (sent,) = paused
    assert sent.sender is match
    assert sent.kwargs == {"session": db.session, "actor": None, "reason": "Certificate suspended"}
