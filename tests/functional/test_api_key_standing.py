"""Scheme API keys act as their creator only while the creator may act for the scheme."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts import services as accounts
from lms.accounts.models import Role
from lms.api.keys import create_key, revoke_key
from lms.api.models import ApiKey
from lms.extensions import db
from lms.matching import policy
from lms.matching.models import Mentee


@pytest.fixture
def key(people):
    _, plain = create_key(db.session, people["coordinator"], people["coordinator"].scheme, "CRM")
    db.session.commit()
    return plain


def _register(client, key, reference="KEY-1"):
    return client.post(
        "/api/v1/mentees",
        json={"reference": reference},
        headers={"Authorization": f"Bearer {key}"},
    )


def test_a_key_stops_at_once_when_its_creator_is_deactivated(client, people, key):
    """Deactivating the creator makes the key answer 401 and register nobody in their name."""
    assert _register(client, key, "BEFORE").status_code == 201
    accounts.deactivate(db.session, people["admin"], people["coordinator"], "Left the scheme")
    db.session.commit()
    response = _register(client, key, "AFTER")
    assert response.status_code == 401 and response.json["error"] == "unauthorised"
    assert "no longer" in response.json["message"]
    assert db.session.scalar(select(Mentee).where(Mentee.reference == "AFTER")) is None


def test_a_key_stops_at_once_when_its_creator_loses_the_coordinator_role(client, people, key):
    """Demoting the creator (or moving them to another scheme) stops their keys."""
    coordinator = people["coordinator"]
    accounts.update_person(
        db.session,
        people["admin"],
        coordinator,
        name=coordinator.name,
        roles=[Role.TRAINER],
        scheme=coordinator.scheme,
    )
    db.session.commit()
    assert _register(client, key).status_code == 401
    verify = client.post(
        "/api/v1/certificates/verify",
        json={"numbers": ["PM-XXXX-XXXX-X"]},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert verify.status_code == 401


def test_a_revoked_key_registers_nothing(client, people, key):
    """A revoked key is refused even though its creator is still a coordinator."""
    revoke_key(db.session, people["coordinator"], db.session.scalars(select(ApiKey)).one())
    db.session.commit()
    assert _register(client, key).status_code == 401
    assert db.session.scalar(select(Mentee)) is None


def test_a_key_in_the_query_string_is_refused(client, people, key):
    """A key in the web address answers 400 JSON, even with a valid header beside it."""
    headers = {"Authorization": f"Bearer {key}"}
    for query in (f"api_key={key}", f"token={key}", f"x={key}", "access_token=abc"):
        response = client.post(
            f"/api/v1/mentees?{query}", json={"reference": "Q-1"}, headers=headers
        )
        assert response.status_code == 400, query
        assert (
            response.json["error"] == "key_in_query"
            and "Authorization" in (response.json["message"])
        )
        public = client.get(f"/api/v1/certificates/PM-XXXX-XXXX-X?{query}")
        assert public.status_code == 400 and public.json["error"] == "key_in_query"
    assert db.session.scalar(select(Mentee)) is None


def test_one_rule_decides_who_may_coordinate(people):
    """One rule (policy.may_coordinate) for records, matches and keys: deactivated may not."""
    coordinator, admin = people["coordinator"], people["admin"]
    scheme_id = coordinator.scheme_id
    for person in (coordinator, admin):
        assert policy.may_coordinate(person, scheme_id)
        person.active = False
        assert not policy.may_coordinate(person, scheme_id)
    assert not policy.may_coordinate(None, scheme_id)


def test_the_command_line_credits_a_key_to_someone_who_may_act_for_that_scheme(runner, people):
    """A command-line key goes to an active coordinator of its scheme or an admin, never to
    another scheme's coordinator or a deactivated account."""
    from tests.factories import make_person, make_scheme

    other = make_scheme("other", "Other Scheme")
    gone = make_person("gone@example.org", "Gone Coordinator", [Role.COORDINATOR], other)
    gone.active = False
    db.session.commit()
    result = runner.invoke(args=["api-key", "create", "--scheme", "other"])
    assert result.exit_code == 0, result.output
    row = db.session.scalars(select(ApiKey).where(ApiKey.scheme_id == other.id)).one()
    assert row.created_by.id == people["admin"].id
