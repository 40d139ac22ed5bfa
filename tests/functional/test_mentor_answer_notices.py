"""A mentor accepting, declining or asking to end a match tells every coordinator of the scheme
once: one notification linking to their match page, and the email as each chose (each time: one
email with no names, reference or reason; daily digest: in the digest; none: no email)."""

from __future__ import annotations

import pytest

from lms.accounts.models import Person, Role
from lms.extensions import db
from lms.matching.matches import services as matches
from lms.matching.mine import services as mine
from lms.notifications.digest import send_digests
from lms.notifications.models import DIGEST, EACH, NONE
from lms.notifications.services import set_email_choice
from lms.notifications.triggers import MENTOR_ANSWER_TEXTS
from lms.ukdates import uk_today
from tests.factories import make_mentee, make_person
from tests.inbox import mails_to, notes_for
from tests.mentoring import certified_mentor

REASON = "SECRET-REASON-NOT-FOR-EMAIL"


@pytest.fixture
def mentor(people) -> Person:
    return certified_mentor(people)


@pytest.fixture
def coordinators(people, scheme) -> list[Person]:
    other = make_person("cat2@example.org", "Cat Two", [Role.COORDINATOR], scheme)
    return [people["coordinator"], other]


def _proposed(people, mentor):
    mentee = make_mentee(mentor.scheme, "M-REF-77")
    match = matches.propose_match(db.session, people["coordinator"], mentor, mentee, uk_today())
    db.session.commit()
    return match


def _accept(people, mentor):
    match = _proposed(people, mentor)
    mine.accept(db.session, mentor, match, uk_today())
    return match


def _decline(people, mentor):
    match = _proposed(people, mentor)
    mine.decline(db.session, mentor, match, REASON)
    return match


def _ask_to_end(people, mentor):
    match = _accept(people, mentor)
    db.session.commit()
    mine.ask_to_end(db.session, mentor, match, REASON)
    return match


EVENTS = [
    ("match-accepted", _accept),
    ("match-declined", _decline),
    ("match-end-asked", _ask_to_end),
]


def _choose_then(choice, coordinators, act, people, mentor, outbox):
    """Every coordinator chooses ``choice``; the mentor then does ``act`` (committed), with
    only what it sends in the outbox. The match it acted on."""
    for person in coordinators:
        set_email_choice(db.session, person, choice)
    db.session.commit()
    outbox.clear()
    match = act(people, mentor)
    db.session.commit()
    return match


@pytest.mark.parametrize(("kind", "act"), EVENTS)
def test_each_time_gives_one_notification_and_one_plain_email_each(
    people, mentor, coordinators, outbox, kind, act
):
    match = _choose_then(EACH, coordinators, act, people, mentor, outbox)
    for coordinator in coordinators:
        (note,) = notes_for(coordinator, kind)
        assert note.text == MENTOR_ANSWER_TEXTS[kind]
        assert note.link == f"/matching/matches/{match.id}"
        # One notification and one email per event (asking to end comes after accepting).
        events = 2 if kind == "match-end-asked" else 1
        assert len(notes_for(coordinator)) == len(mails_to(coordinator)) == events
        sent = [m for m in outbox if m.to == [coordinator.email]]
        sent = [m for m in sent if MENTOR_ANSWER_TEXTS[kind] in m.body]
        assert len(sent) == 1
        body = sent[0].body
        assert f"http://lms.test/matching/matches/{match.id}" in body
        for secret in ("Mo Mentor", "M-REF-77", REASON):
            assert secret not in body and secret not in note.text
    assert notes_for(mentor, "match-ended") == [] and notes_for(mentor, "match-activated") == []


@pytest.mark.parametrize(("kind", "act"), EVENTS)
def test_no_emails_chosen_means_the_site_only(people, mentor, coordinators, outbox, kind, act):
    _choose_then(NONE, coordinators, act, people, mentor, outbox)
    for coordinator in coordinators:
        assert len(notes_for(coordinator, kind)) == 1
        assert [m for m in outbox if m.to == [coordinator.email]] == []
        assert mails_to(coordinator) == []


@pytest.mark.parametrize(("kind", "act"), EVENTS)
def test_the_digest_choice_waits_for_the_digest(people, mentor, coordinators, outbox, kind, act):
    _choose_then(DIGEST, coordinators, act, people, mentor, outbox)
    assert all(mails_to(coordinator) == [] for coordinator in coordinators)
    send_digests(db.session, uk_today())
    db.session.commit()
    for coordinator in coordinators:
        (digest,) = [m for m in outbox if m.to == [coordinator.email]]
        assert MENTOR_ANSWER_TEXTS[kind] in digest.body
        assert "Mo Mentor" not in digest.body and "M-REF-77" not in digest.body
