"""The coordinator decides a mentor's request to end a match (end it, or keep it going with a
reason the mentor reads), the mentor's paused match in neutral words, each match's history,
contacts in supervision and the profile that speaks to the mentor."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms.accounts.models import Person, Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.matching.matches import services as matches
from lms.matching.mine import services
from lms.matching.models import ACTIVE, ENDED, Match
from lms.notifications.models import Notification
from lms.ukdates import uk_today
from tests.conftest import csrf_token, sign_in
from tests.factories import make_mentor, make_person
from tests.mentoring import accepted_match, certified_mentor


@pytest.fixture
def mentor(people) -> Person:
    return certified_mentor(people)


@pytest.fixture
def active(people, mentor) -> Match:
    return accepted_match(people, mentor, "M-201")


def _asked(mentor, match) -> Match:
    services.ask_to_end(db.session, mentor, match, "We keep missing each other.")
    db.session.commit()
    return match


def _post(client, path, data, page):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page)})


def _told(person, kind) -> list[Notification]:
    stmt = select(Notification).where(Notification.person_id == person.id)
    return [n for n in db.session.scalars(stmt) if n.kind == kind]


def test_the_match_page_shows_the_request_with_the_end_form_filled_in(
    client, login, mentor, active
):
    _asked(mentor, active)
    login("coordinator")
    html = client.get(f"/matching/matches/{active.id}").text
    assert "The mentor has asked to end this match" in html
    assert "We keep missing each other." in html and "Keep the match going" in html
    assert f'href="/matching/matches/{active.id}/end"' in html  # ending is confirmed first
    confirm = client.get(f"/matching/matches/{active.id}/end").text
    assert "End this match?" in confirm
    assert re.search(r'<input checked[^>]*value="mentor"', confirm)  # who asked: prefilled
    assert "We keep missing each other." in confirm  # prefilled as the reason


def test_keeping_the_match_needs_a_reason_then_tells_the_mentor(
    client, login, people, mentor, active
):
    _asked(mentor, active)
    login("coordinator")
    page = f"/matching/matches/{active.id}"
    response = _post(client, f"{page}/keep", {"keep-reason": ""}, page)
    assert response.status_code == 400 and "Say why the match is carrying on" in response.text
    response = _post(client, f"{page}/keep", {"keep-reason": "Let us try a fixed day."}, page)
    assert response.status_code == 302
    db.session.expire_all()
    match = db.session.get(Match, active.id)
    assert match.status == ACTIVE and match.end_asked_at is None
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "match.end_refused")
    ).all()
    assert event.actor_id == people["coordinator"].id and event.reason == "Let us try a fixed day."
    [note] = _told(mentor, "match-kept")
    assert note.link == f"/matching/my-mentees/{active.id}" and "fixed day" not in note.text
    mentor_client = client.application.test_client()
    sign_in(mentor_client, mentor.email)
    html = mentor_client.get(f"/matching/my-mentees/{active.id}").text
    assert "Your coordinator decided the match carries on." in html and "fixed day" in html
    assert "Ask to end the match" in html  # they may ask again


def test_keeping_a_match_nobody_asked_to_end_is_refused(people, active):
    with pytest.raises(matches.MatchError) as caught:
        matches.keep_match(db.session, people["coordinator"], active, "No reason to end.")
    assert caught.value.code == "wrong_status"


def test_ending_at_the_mentors_request_names_the_next_candidate(
    client, login, people, mentor, active
):
    _asked(mentor, active)
    other = make_person("nia@example.org", "Nia Next", [Role.TRAINEE], mentor.scheme)
    make_mentor(other, today=uk_today())
    db.session.commit()
    login("coordinator")
    page = f"/matching/matches/{active.id}"
    data = {"end-requested_by": "mentor", "end-reason": "We keep missing each other."}
    assert _post(client, f"{page}/end", data, page).status_code == 302
    db.session.expire_all()
    match = db.session.get(Match, active.id)
    assert match.status == ENDED and match.end_requested_by == "mentor"
    assert _told(mentor, "match-ended")
    html = client.get(page).text
    assert "Best fit now: <strong>Nia Next</strong>" in html
    assert f"/matching/mentees/{match.mentee_id}/candidates" in html


@pytest.mark.parametrize(
    ("reason", "words", "then"),
    [
        ("Certificate suspended", "Paused while your certificate is reviewed.", "will tell you"),
        ("Certificate expired", "Paused because your certificate has run out.", "renewed"),
        ("Police told us about an arrest", "Paused by your coordinator for now.", "contact you"),
    ],
)
def test_a_paused_match_says_why_in_neutral_words(client, mentor, active, reason, words, then):
    matches.pause(db.session, None, active, reason)
    db.session.commit()
    sign_in(client, mentor.email)
    for page in ("/matching/my-mentees", f"/matching/my-mentees/{active.id}"):
        html = client.get(page).text
        assert words in html and then in html  # why, and what happens next
        assert "arrest" not in html and reason not in html


def test_the_history_lists_what_happened_in_plain_words(client, people, mentor, active):
    details = services.ContactDetails(uk_today(), "in_person", 30, "Coffee.")
    services.log_contact(db.session, mentor, active, details, uk_today())
    matches.pause(db.session, people["coordinator"], active, "Private reason")
    db.session.commit()
    sign_in(client, mentor.email)
    html = client.get(f"/matching/my-mentees/{active.id}").text
    history = html[html.index("data-history") :]
    for words in (
        "Your coordinator proposed the match.",
        "You accepted the match.",
        "The match was paused.",
        "1 contact logged.",
    ):
        assert words in history
    assert "Private reason" not in html


def test_trainers_see_a_mentors_contacts_in_supervision(client, login, people, mentor, active):
    sign_in_page = f"/matching/supervision/{mentor.id}"
    login("trainer")
    assert "No contacts logged yet." in client.get(sign_in_page).text
    details = services.ContactDetails(uk_today(), "gate", 45, "Met at the gate.", concern=True)
    services.log_contact(db.session, mentor, active, details, uk_today())
    db.session.commit()
    html = client.get(sign_in_page).text
    assert "M-201" in html and "At the gate, 45 minutes" in html and "Met at the gate." in html
    assert "Concern" in html


def test_the_profile_speaks_to_the_mentor_and_about_them_to_the_coordinator(client, people, mentor):
    sign_in(client, mentor.email)
    own = client.get("/matching/profile").text
    assert "How many people can you mentor at once?" in own
    assert "Are you available for new matches?" in own
    coordinator = client.application.test_client()
    sign_in(coordinator, "coordinator@example.org")
    theirs = coordinator.get(f"/matching/mentors/{mentor.id}/profile").text
    assert "How many people can be mentored at once?" in theirs and "you mentor" not in theirs
