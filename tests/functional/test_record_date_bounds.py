"""Dates of supervision sessions and of a mentor's contacts have both bounds, on the boundary
days: a supervision session not in the future and not before the mentor's first certificate
began; a contact not in the future and not before the match began (its UK day)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Person, Role
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.matching.fields import RecordError
from lms.matching.matches import services as matches
from lms.matching.mine import services as mine
from lms.matching.models import ContactLog, SupervisionSession
from lms.matching.supervision import services as supervision
from lms.ukdates import uk_today
from tests.conftest import csrf_token
from tests.factories import make_mentee, make_mentor, make_person

TODAY = date(2026, 6, 30)
FIRST = date(2026, 3, 2)  # the mentor's first certificate began (TODAY - 120 days)


@pytest.fixture
def mentor(people) -> Person:
    person = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(person, today=TODAY, issued_days_ago=120, supervised_days_ago=None)
    return person


def _supervise(people, mentor: Person, held_on: date, today: date = TODAY) -> SupervisionSession:
    entry = supervision.record_supervision(
        db.session, people["trainer"], mentor, held_on, "Settled and coping.", "", today
    )
    db.session.commit()
    return entry


def _supervision_refused(people, mentor: Person, held_on: date) -> RecordError:
    with pytest.raises(RecordError) as refused:
        _supervise(people, mentor, held_on)
    db.session.rollback()
    return refused.value


def test_supervision_on_the_first_certificate_day_and_today_is_allowed(people, mentor):
    assert db.session.scalars(select(Certificate.valid_from)).one() == FIRST
    assert _supervise(people, mentor, FIRST).held_on == FIRST
    assert _supervise(people, mentor, TODAY).held_on == TODAY
    held = db.session.scalars(select(SupervisionSession.held_on).order_by(SupervisionSession.id))
    assert list(held) == [FIRST, TODAY]


def test_supervision_the_day_before_the_first_certificate_is_refused(people, mentor):
    refused = _supervision_refused(people, mentor, FIRST - timedelta(days=1))
    assert refused.field == "held_on"
    assert refused.message == (
        "The date of the session must be on or after 2 March 2026, when Mo Mentor's first "
        "certificate began"
    )
    assert db.session.scalars(select(SupervisionSession)).all() == []


def test_supervision_tomorrow_is_refused(people, mentor):
    refused = _supervision_refused(people, mentor, TODAY + timedelta(days=1))
    assert (refused.field, refused.message) == (
        "held_on",
        "The date of the session must be today or in the past",
    )


def test_the_earliest_certificate_counts_even_if_it_has_stopped(people, mentor):
    """A mentor re-accredited after a revocation was supervised under their first one too."""
    older = make_mentor(mentor, today=TODAY, issued_days_ago=400, slug="young-people")
    older.current = False
    db.session.commit()
    first = TODAY - timedelta(days=400)
    assert _supervise(people, mentor, first).held_on == first
    refused = _supervision_refused(people, mentor, first - timedelta(days=1))
    assert "on or after 26 May 2025" in refused.message


def test_the_supervision_page_shows_the_lower_bound_on_the_field(client, login, people):
    """The page form, with real dates (today's): the day before refused with 400, the day
    itself saved."""
    mentor = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(mentor, issued_days_ago=30, supervised_days_ago=None)
    first = db.session.scalars(select(Certificate.valid_from)).one()
    login("trainer")
    path = f"/matching/supervision/{mentor.id}"
    data = {"wellbeing": "Settled.", "csrf_token": csrf_token(client, path)}
    day_before = (first - timedelta(days=1)).isoformat()
    response = client.post(path, data={**data, "held_on": day_before})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in page
    assert 'id="held_on-error"' in page and "first certificate began" in page
    assert db.session.scalars(select(SupervisionSession)).all() == []
    response = client.post(path, data={**data, "held_on": first.isoformat()})
    assert response.status_code == 302
    assert db.session.scalars(select(SupervisionSession.held_on)).all() == [first]


# ---------------------------------------------------------------------------
# Contacts logged by the mentor


@pytest.fixture
def active(people):
    """A match activated at 23:30 UTC on 1 June 2026: 00:30 on 2 June in the UK."""
    person = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(person, today=uk_today())
    mentee = make_mentee(person.scheme, "LS-1")
    match = matches.propose_match(db.session, people["coordinator"], person, mentee, uk_today())
    matches.activate(db.session, people["coordinator"], match, uk_today())
    match.activated_at = datetime(2026, 6, 1, 23, 30, tzinfo=UTC)
    db.session.commit()
    return match


def _contact(match, held_on: date) -> ContactLog:
    details = mine.ContactDetails(held_on=held_on, kind="phone", minutes=20)
    contact = mine.log_contact(db.session, match.mentor, match, details, TODAY)
    db.session.commit()
    return contact


@pytest.mark.parametrize("held_on", [date(2026, 6, 2), TODAY])
def test_a_contact_on_the_first_uk_day_of_the_match_or_today_is_allowed(active, held_on):
    assert _contact(active, held_on).held_on == held_on


@pytest.mark.parametrize(
    ("held_on", "message"),
    [
        (date(2026, 6, 1), "The date cannot be before the match started on 2 June 2026."),
        (TODAY + timedelta(days=1), "The date of the contact cannot be in the future."),
    ],
)
def test_a_contact_the_day_before_the_match_or_tomorrow_is_refused(active, held_on, message):
    with pytest.raises(mine.MentorError) as refused:
        _contact(active, held_on)
    db.session.rollback()
    assert (refused.value.field, refused.value.message) == ("held_on", message)
    assert db.session.scalars(select(ContactLog)).all() == []
