"""The scheme API's matches: where a match stands (accepted_at once the mentor accepts), its
contact log with notes, recording a contact (checked, a concern notified) and scheme isolation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.api.keys import create_key
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.matching.matches import services as matches
from lms.matching.mine import services as mine
from lms.matching.mine.history import history
from lms.matching.models import ContactLog
from lms.notifications.models import Notification
from lms.ukdates import uk_today
from tests.factories import make_mentee, make_mentor, make_person, make_scheme


@pytest.fixture
def key(people):
    _, plain = create_key(db.session, people["coordinator"], people["coordinator"].scheme, "CRM")
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


@pytest.fixture
def match(people):
    mentor = people["trainee"]
    make_mentor(mentor, today=uk_today())
    mentee = make_mentee(mentor.scheme, "API-7")
    made = matches.propose_match(db.session, people["coordinator"], mentor, mentee, uk_today())
    db.session.commit()
    return made


def _contact(**changes) -> dict:
    return {"held_on": uk_today().isoformat(), "kind": "gate", "minutes": 30, **changes}


def test_a_match_shows_accepted_at_only_once_the_mentor_accepts(client, people, key, match):
    url = f"/api/v1/matches/{match.id}"
    body = client.get(url, headers=key).json
    assert body["status"] == "proposed" and body["accepted_at"] is None
    assert body["mentee_reference"] == "API-7" and body["last_contact"] is None
    mine.accept(db.session, people["trainee"], match, uk_today())
    db.session.commit()
    body = client.get(url, headers=key).json
    assert body["status"] == "active" and body["accepted_at"] is not None
    assert body["activated_at"] is not None


def test_contacts_are_recorded_for_the_mentor_and_listed_with_notes(client, people, key, match):
    url = f"/api/v1/matches/{match.id}/contacts"
    assert client.post(url, json=_contact(), headers=key).status_code == 409  # not active yet
    mine.accept(db.session, people["trainee"], match, uk_today())
    db.session.commit()
    sent = _contact(note="Met at the gate, went to housing.")
    response = client.post(url, json=sent, headers=key)
    assert response.status_code == 201, response.json
    contact = db.session.scalars(select(ContactLog)).one()
    assert contact.mentor_id == people["trainee"].id and contact.kind == "gate"
    logged = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "match.contact_logged")
    ).one()
    assert logged.actor_id == people["coordinator"].id  # the key's creator sent it
    listed = client.get(url, headers=key).json
    assert listed["match_id"] == match.id
    assert [c["note"] for c in listed["contacts"]] == ["Met at the gate, went to housing."]
    assert client.get(f"/api/v1/matches/{match.id}", headers=key).json["last_contact"] == (
        uk_today().isoformat()
    )


def test_an_empty_contact_log_is_an_empty_list(client, key, match):
    body = client.get(f"/api/v1/matches/{match.id}/contacts", headers=key).json
    assert body == {"match_id": match.id, "contacts": []}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": (uk_today() + timedelta(days=1)).isoformat()}, "held_on"),
        ({"held_on": (uk_today() - timedelta(days=1)).isoformat()}, "held_on"),  # before it started
        ({"kind": "email"}, "kind"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": "30"}, "minutes"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_bad_contacts_are_refused_naming_the_field(client, people, key, match, changes, field):
    mine.accept(db.session, people["trainee"], match, uk_today())
    db.session.commit()
    url = f"/api/v1/matches/{match.id}/contacts"
    response = client.post(url, json=_contact(**changes), headers=key)
    assert response.status_code == 422, response.json
    assert [f["field"] for f in response.json["fields"]] == [field]
    assert db.session.scalars(select(ContactLog)).all() == []


def test_a_concern_sent_by_the_api_notifies_the_safeguarding_lead(client, people, key, match):
    mine.accept(db.session, people["trainee"], match, uk_today())
    db.session.commit()
    url = f"/api/v1/matches/{match.id}/contacts"
    assert client.post(url, json=_contact(concern=True), headers=key).status_code == 201
    told = db.session.scalars(
        select(Notification).where(Notification.kind == "concern-flagged")
    ).all()
    assert [n.person_id for n in told] == [people["coordinator"].id]  # no lead named
    steps = [step.text for step in history(db.session, match)]
    assert "Your scheme recorded a concern. Your safeguarding lead was told." in steps


def test_another_schemes_key_sees_no_match_and_records_nothing(client, people, match):
    other = make_scheme("other", "Other")
    coordinator = make_person("oc@example.org", "Other Coord", [Role.COORDINATOR], other)
    _, plain = create_key(db.session, coordinator, other, "Other")
    mine.accept(db.session, people["trainee"], match, uk_today())
    db.session.commit()
    other_key = {"Authorization": f"Bearer {plain}"}
    assert client.get(f"/api/v1/matches/{match.id}", headers=other_key).status_code == 404
    url = f"/api/v1/matches/{match.id}/contacts"
    assert client.get(url, headers=other_key).status_code == 404
    assert client.post(url, json=_contact(), headers=other_key).status_code == 404
    assert db.session.scalars(select(ContactLog)).all() == []


def test_match_calls_need_a_key(client, match):
    assert client.get(f"/api/v1/matches/{match.id}").status_code == 401
    assert client.post(f"/api/v1/matches/{match.id}/contacts", json=_contact()).status_code == 401


def _reads() -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.action == "api.contacts_read")
    return list(db.session.scalars(stmt.order_by(AuditEvent.id)))


def test_reading_the_contact_log_is_audited_with_the_match_and_count(client, people, key, match):
    url = f"/api/v1/matches/{match.id}/contacts"
    assert client.get(url, headers=key).status_code == 200
    mine.accept(db.session, people["trainee"], match, uk_today())
    db.session.commit()
    assert client.post(url, json=_contact(note="Phone call."), headers=key).status_code == 201
    assert client.get(url, headers=key).status_code == 200
    reads = _reads()
    assert [(e.actor_id, e.subject_type, e.subject_id) for e in reads] == [
        (people["coordinator"].id, "match", str(match.id))
    ] * 2
    assert [(e.details["match"], e.details["count"]) for e in reads] == [
        (match.id, 0),
        (match.id, 1),
    ]
    assert all(e.scheme_id == match.scheme_id and "note" not in e.details for e in reads)


def test_a_refused_read_of_the_contact_log_is_not_recorded_as_a_read(client, people, match):
    other = make_scheme("other", "Other Scheme")
    boss = make_person("boss@example.org", "Boss", [Role.COORDINATOR], other)
    _, plain = create_key(db.session, boss, other, "Elsewhere")
    db.session.commit()
    far = {"Authorization": f"Bearer {plain}"}
    assert client.get(f"/api/v1/matches/{match.id}/contacts", headers=far).status_code == 404
    assert client.get(f"/api/v1/matches/{match.id}/contacts").status_code == 401
    assert _reads() == []
