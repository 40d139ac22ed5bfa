"""The scheme API: keys, authentication, batch verification and exact statuses."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.api.keys import create_key, revoke_key
from lms.certificates import services
from lms.extensions import db
from lms.matching.models import ApiKey
from lms.templating import uk_today
from tests.conftest import csrf_token
from tests.factories import make_definition, make_eligible, make_scheme


@pytest.fixture
def key(people):
    _, plain = create_key(db.session, people["coordinator"], people["coordinator"].scheme, "CRM")
    db.session.commit()
    return plain


@pytest.fixture
def cert(people, monkeypatch):
    monkeypatch.setattr(services, "_render", lambda *args: b"%PDF-test")
    definition = make_definition()
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    issued = services.issue(
        db.session,
        people["trainer"],
        people["trainee"],
        definition,
        services.IssueSettings("https://lms.test"),
        today=uk_today(),
    )
    db.session.commit()
    return issued


def _auth(key):
    return {"Authorization": f"Bearer {key}"}


def test_calls_without_a_live_key_get_401_json(client, people, key):
    """No key, a wrong key and a revoked key are all refused with JSON."""
    for headers in ({}, {"Authorization": "Bearer lms_nope_nope"}, {"Authorization": key}):
        response = client.post(
            "/api/v1/certificates/verify", json={"numbers": ["x"]}, headers=headers
        )
        assert response.status_code == 401 and response.json["error"] == "unauthorised"
    row = db.session.scalars(select(ApiKey)).one()
    revoke_key(db.session, people["coordinator"], row)
    db.session.commit()
    response = client.post(
        "/api/v1/certificates/verify", json={"numbers": ["x"]}, headers=_auth(key)
    )
    assert response.status_code == 401


def test_only_the_hash_of_a_key_is_stored(people, key):
    """The key itself is never in the database."""
    row = db.session.scalars(select(ApiKey)).one()
    assert key not in (row.key_hash, row.prefix) and len(row.key_hash) == 64


def test_batch_verify_gives_a_result_for_each_number(client, cert, key):
    """Known numbers (any spelling) and unknown ones each get a result."""
    response = client.post(
        "/api/v1/certificates/verify",
        headers=_auth(key),
        json={"numbers": [cert.number.lower().replace("-", " "), "PM-0000"]},
    )
    assert response.status_code == 200
    first, second = response.json["results"]
    assert first["found"] and first["number"] == cert.number and first["status"] == "valid"
    assert second == {"number": "PM-0000", "found": False}


def test_batch_verify_refuses_bad_input_naming_the_field(client, key):
    """Bad JSON is 400; too many numbers or wrong types are 422 naming the field."""
    bad = client.post(
        "/api/v1/certificates/verify",
        headers=_auth(key),
        data="{nope",
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json["error"] == "bad_request"
    many = client.post(
        "/api/v1/certificates/verify", headers=_auth(key), json={"numbers": ["PM"] * 101}
    )
    assert many.status_code == 422 and many.json["fields"][0]["field"] == "numbers"
    wrong = client.post("/api/v1/certificates/verify", headers=_auth(key), json={"numbers": "x"})
    assert wrong.status_code == 422 and "numbers" in wrong.json["message"]


def test_a_key_sees_the_exact_status_of_its_own_schemes_certificates(client, people, cert, key):
    """Suspended shows as suspended to the scheme's key, as not_valid to everyone else."""
    services.suspend(
        db.session, people["coordinator"], cert, "Concern", uk_today(), today=uk_today()
    )
    db.session.commit()
    url = f"/api/v1/certificates/{cert.number}"
    assert client.get(url).json["status"] == "not_valid"
    assert client.get(url, headers=_auth(key)).json["status"] == "suspended"
    other_scheme = make_scheme("other", "Other")
    _, other_key = create_key(db.session, None, other_scheme, "Other CRM")
    db.session.commit()
    assert client.get(url, headers=_auth(other_key)).json["status"] == "not_valid"


def test_coordinator_creates_and_revokes_a_key_in_the_site(client, login, people):
    """The key is shown once after creating it; revoking it is audited."""
    login("coordinator")
    response = client.post(
        "/api-keys/",
        data={
            "name": "Case system",
            "scheme": people["coordinator"].scheme_id,
            "csrf_token": csrf_token(client, "/api-keys/"),
        },
    )
    page = response.get_data(as_text=True)
    assert "Copy this key now" in page and "lms_" in page
    row = db.session.scalars(select(ApiKey)).one()
    client.post(f"/api-keys/{row.id}/revoke", data={"csrf_token": csrf_token(client, "/api-keys/")})
    db.session.expire_all()
    assert db.session.get(ApiKey, row.id).revoked_at is not None


def test_api_key_create_command_prints_the_key_once(runner, people):
    """flask api-key create --scheme SLUG prints a working key."""
    result = runner.invoke(args=["api-key", "create", "--scheme", "demo", "--name", "Batch"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("lms_")
    bad = runner.invoke(args=["api-key", "create", "--scheme", "nope"])
    assert bad.exit_code != 0 and "no scheme" in bad.output


def test_scheme_api_answers_match_the_openapi_document(client, people, cert, key):
    """Real answers of the scheme API validate against the published document."""
    from tests.functional.test_openapi import assert_matches

    document = client.get("/api/v1/openapi.json").json
    ok = client.post(
        "/api/v1/certificates/verify", headers=_auth(key), json={"numbers": [cert.number, "nope"]}
    )
    assert_matches(document, "/api/v1/certificates/verify", ok, method="post")
    invalid = client.post("/api/v1/certificates/verify", headers=_auth(key), json={"numbers": []})
    assert_matches(document, "/api/v1/certificates/verify", invalid, method="post")
    refused = client.post("/api/v1/certificates/verify", json={"numbers": ["x"]})
    assert_matches(document, "/api/v1/certificates/verify", refused, method="post")
    keyed = client.get(f"/api/v1/certificates/{cert.number}", headers=_auth(key))
    assert_matches(document, "/api/v1/certificates/{number}", keyed)
