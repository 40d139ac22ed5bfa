"""Concerns mentors flag: the list of those not yet looked at, marking one looked at (who may,
audited, once), the coordinator's home count and the match page, and the zero states."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.contacts import set_safeguarding_contacts
from lms.accounts.models import Person, Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.matching.mine import services
from lms.matching.models import ContactLog, Match
from lms.ukdates import uk_today
from tests.conftest import csrf_token, sign_in
from tests.factories import make_person, make_scheme
from tests.mentoring import accepted_match, certified_mentor

LIST = "/matching/concerns"
HOME_ITEM = "match with a concern flagged by the mentor not yet looked at"


@pytest.fixture
def mentor(people) -> Person:
    return certified_mentor(people)


@pytest.fixture
def active(people, mentor) -> Match:
    return accepted_match(people, mentor, "M-101")


def _flag(mentor, match, note="He said he was scared to go home.") -> ContactLog:
    details = services.ContactDetails(uk_today(), "phone", 20, note, concern=True)
    contact = services.log_contact(db.session, mentor, match, details, uk_today())
    db.session.commit()
    return contact


def _look(client, contact_id: int, page: str = LIST):
    token = csrf_token(client, page)
    return client.post(f"{LIST}/{contact_id}/looked-at", data={"csrf_token": token})


def test_nothing_flagged_shows_the_all_done_states(client, login, active):
    login("coordinator")
    assert 'data-concerns="none"' in client.get(LIST).text
    assert "concern flagged" not in client.get("/coordinator").text
    assert "Concerns the mentor flagged" not in client.get(f"/matching/matches/{active.id}").text


def test_a_coordinator_sees_the_concern_counts_it_and_marks_it_looked_at(
    client, login, people, mentor, active
):
    contact = _flag(mentor, active)
    _flag(mentor, active, note="Second call, same worry.")
    login("coordinator")
    home = client.get("/coordinator").text
    assert f"1 {HOME_ITEM}" in home and f'href="{LIST}"' in home  # two concerns, one match
    listed = client.get(LIST).text
    assert "M-101" in listed and "scared to go home" in listed and "Mo Mentor" in listed
    page = f"/matching/matches/{active.id}"
    assert "Not yet looked at" in client.get(page).text
    response = _look(client, contact.id, page)
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    db.session.expire_all()
    seen = db.session.get(ContactLog, contact.id)
    assert seen.concern_reviewed_by_id == people["coordinator"].id
    assert seen.concern_reviewed_at is not None
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "match.concern_reviewed")
    ).all()
    assert event.actor_id == people["coordinator"].id and event.details["contact_id"] == contact.id
    html = client.get(page).text
    assert "Looked at by Coordinator" in html
    assert "scared to go home" not in client.get(LIST).text  # gone from the open list
    assert f"1 {HOME_ITEM}" in client.get("/coordinator").text  # the second is still open


def test_a_concern_is_looked_at_once(client, login, mentor, active):
    contact = _flag(mentor, active)
    login("coordinator")
    _look(client, contact.id)
    response = _look(client, contact.id)
    assert response.status_code == 302
    assert "already looked at" in client.get(response.headers["Location"]).text
    assert (
        len(
            db.session.scalars(
                select(AuditEvent).where(AuditEvent.action == "match.concern_reviewed")
            ).all()
        )
        == 1
    )


def test_the_named_lead_may_look_at_concerns_and_other_trainers_may_not(
    client, people, mentor, active
):
    contact = _flag(mentor, active)
    sign_in(client, people["trainer"].email)
    assert "Only your scheme's safeguarding lead" in client.get(LIST).text
    assert _look(client, contact.id, "/matching/supervision").status_code == 404
    set_safeguarding_contacts(
        db.session, people["admin"], mentor.scheme, lead_id=people["trainer"].id, deputy_id=None
    )
    db.session.commit()
    assert "scared to go home" in client.get(LIST).text
    response = _look(client, contact.id)
    assert response.status_code == 302 and response.headers["Location"].endswith(LIST)
    db.session.expire_all()
    assert db.session.get(ContactLog, contact.id).concern_reviewed_by_id == people["trainer"].id


def test_another_schemes_coordinator_sees_nothing_and_cannot_mark(client, mentor, active):
    contact = _flag(mentor, active)
    other = make_scheme("other", "Other")
    outsider = make_person("oc@example.org", "Other Coord", [Role.COORDINATOR], other)
    db.session.commit()
    sign_in(client, outsider.email)
    assert "scared to go home" not in client.get(LIST).text
    assert _look(client, contact.id, "/coordinator").status_code == 404
    db.session.expire_all()
    assert db.session.get(ContactLog, contact.id).concern_reviewed_at is None


def test_marking_needs_the_csrf_token(client, login, mentor, active):
    contact = _flag(mentor, active)
    login("coordinator")
    response = client.post(f"{LIST}/{contact.id}/looked-at", data={})
    assert response.status_code in (302, 400)
    db.session.expire_all()
    assert db.session.get(ContactLog, contact.id).concern_reviewed_at is None
