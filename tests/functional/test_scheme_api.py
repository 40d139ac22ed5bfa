"""The scheme API: keys, authentication, batch verification and exact statuses."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.api.keys import create_key, revoke_key
from lms.api.models import ApiKey
from lms.certificates import issuing, services
from lms.extensions import db
from lms.ukdates import uk_today
from tests.conftest import csrf_token
from tests.factories import make_definition, make_eligible, make_scheme


@pytest.fixture
def key(people):
    _, plain = create_key(db.session, people["coordinator"], people["coordinator"].scheme, "CRM")
    db.session.commit()
    return plain


@pytest.fixture
def cert(people, monkeypatch):
    monkeypatch.setattr(issuing, "_render", lambda *args: b"%PDF-test")
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


# ---------------------------------------------------------------------------
# Mentors, mentees, candidates and matches


@pytest.fixture
def mentor(people):
    from tests.factories import make_mentor

    make_mentor(people["trainer"], capacity=1)
    return people["trainer"]


def test_mentors_lists_status_and_whether_matchable(client, people, mentor, key):
    """Each mentor of the scheme with their certificates' exact status and gate reasons."""
    from tests.factories import make_mentor, make_person

    blocked = make_person("b@example.org", "Bea Blocked", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(blocked, available=False)
    response = client.get("/api/v1/mentors", headers=_auth(key))
    assert response.status_code == 200
    by_name = {m["name"]: m for m in response.json["mentors"]}
    assert by_name[mentor.name]["matchable"] and by_name[mentor.name]["reasons"] == []
    assert by_name[mentor.name]["certificates"][0]["status"] == "valid"
    assert not by_name["Bea Blocked"]["matchable"]
    assert [r["code"] for r in by_name["Bea Blocked"]["reasons"]] == ["unavailable"]
    assert response.json["total"] == 2 and response.json["page"] == 1


def test_mentors_come_a_page_at_a_time_by_name(client, people, mentor, key, monkeypatch):
    """Each page holds PER_PAGE mentors by name; total counts every page; a bad page is a 400."""
    from lms.api import scheme_routes
    from tests.factories import make_mentor, make_person

    scheme = people["trainee"].scheme
    for name in ("Abe Early", "Zed Late"):
        person = make_person(f"{name.split()[0].lower()}@example.org", name, [Role.TRAINEE], scheme)
        make_mentor(person, available=name.startswith("Abe"))
    monkeypatch.setattr(scheme_routes, "PER_PAGE", 2)
    first = client.get("/api/v1/mentors", headers=_auth(key)).json
    last = client.get("/api/v1/mentors?page=2", headers=_auth(key)).json
    names = [m["name"] for m in first["mentors"] + last["mentors"]]
    assert names == sorted(names) and len(names) == 3 and first["total"] == 3
    assert "Zed Late" in names and last["page"] == 2 and len(last["mentors"]) == 1
    late = next(m for m in last["mentors"] if m["name"] == "Zed Late")
    assert not late["matchable"] and [r["code"] for r in late["reasons"]] == ["unavailable"]
    bad = client.get("/api/v1/mentors?page=0", headers=_auth(key))
    assert bad.status_code == 400 and bad.json["fields"][0]["field"] == "page"


def test_mentee_created_then_candidates_then_match(client, people, mentor, key):
    """POST mentees, GET candidates, POST matches: 201, then 409 with reasons at capacity."""
    created = client.post(
        "/api/v1/mentees",
        headers=_auth(key),
        json={
            "reference": "API-1",
            "needs": ["housing"],
            "in_custody": True,
            "release_date": "2026-12-10",
        },
    )
    assert created.status_code == 201, created.json
    again = client.post("/api/v1/mentees", headers=_auth(key), json={"reference": "API-1"})
    assert again.status_code in (409, 422) and again.json["fields"][0]["field"] == "reference"
    found = client.get("/api/v1/mentees/API-1/candidates", headers=_auth(key)).json
    assert [c["mentor_id"] for c in found["eligible"]] == [mentor.id]
    match = client.post(
        "/api/v1/matches",
        headers=_auth(key),
        json={"mentor_id": mentor.id, "mentee_reference": "API-1"},
    )
    assert match.status_code == 201 and match.json["status"] == "proposed"
    client.post("/api/v1/mentees", headers=_auth(key), json={"reference": "API-2"})
    full = client.post(
        "/api/v1/matches",
        headers=_auth(key),
        json={"mentor_id": mentor.id, "mentee_reference": "API-2"},
    )
    assert full.status_code == 409 and full.json["error"] == "not_eligible"
    assert "at_capacity" in [r["code"] for r in full.json["reasons"]]


def test_matching_api_refuses_bad_input_naming_the_field(client, people, mentor, key):
    """Missing fields and wrong types are 422 and name the field; unknown mentee is 404."""
    missing = client.post("/api/v1/matches", headers=_auth(key), json={"mentor_id": mentor.id})
    assert missing.status_code == 422 and missing.json["fields"][0]["field"] == "mentee_reference"
    wrong = client.post(
        "/api/v1/mentees", headers=_auth(key), json={"reference": "X", "under_18": "yes"}
    )
    assert wrong.status_code == 422 and wrong.json["fields"][0]["field"] == "under_18"
    unknown = client.get("/api/v1/mentees/NOPE/candidates", headers=_auth(key))
    assert unknown.status_code == 404 and unknown.json["error"] == "not_found"
    from tests.factories import make_mentee

    make_mentee(people["trainee"].scheme, "PAGE-1")
    for page in ("0", "-1", "two", "1.5", "100001"):
        bad = client.get(f"/api/v1/mentees/PAGE-1/candidates?page={page}", headers=_auth(key))
        assert bad.status_code == 400 and bad.json["fields"][0]["field"] == "page", page


def test_candidates_come_a_page_at_a_time_with_totals(client, people, mentor, key, monkeypatch):
    """Each list is paged; totals and counts by kind of reason cover every page."""
    from lms.api import scheme_routes
    from tests.factories import make_mentee, make_mentor, make_person

    scheme = people["trainee"].scheme
    for n in range(3):
        person = make_person(f"busy{n}@example.org", f"Busy {n}", [Role.TRAINEE], scheme)
        make_mentor(person, available=False)
    make_mentee(scheme, "PAGED-1")
    monkeypatch.setattr(scheme_routes, "PER_PAGE", 2)
    first = client.get("/api/v1/mentees/PAGED-1/candidates", headers=_auth(key)).json
    assert first["eligible_total"] == 1 and first["blocked_total"] == 3
    assert first["blocked_by_reason"] == {"unavailable": 3}
    assert [b["name"] for b in first["blocked"]] == ["Busy 0", "Busy 1"]
    second = client.get("/api/v1/mentees/PAGED-1/candidates?page=2", headers=_auth(key)).json
    assert second["page"] == 2 and second["eligible"] == []
    assert [b["name"] for b in second["blocked"]] == ["Busy 2"]


def test_keys_only_reach_their_own_scheme(client, people, mentor, key):
    """Another scheme's key cannot see this scheme's mentees or match its mentors."""
    from tests.factories import make_mentee

    make_mentee(people["trainee"].scheme, "OWN-1")
    other = make_scheme("other", "Other")
    _, other_key = create_key(db.session, None, other, "Other")
    db.session.commit()
    assert (
        client.get("/api/v1/mentees/OWN-1/candidates", headers=_auth(other_key)).status_code == 404
    )
    response = client.post(
        "/api/v1/matches",
        headers=_auth(other_key),
        json={"mentor_id": mentor.id, "mentee_reference": "OWN-1"},
    )
    assert response.status_code in (404, 422)
    assert client.get("/api/v1/mentors", headers=_auth(other_key)).json["mentors"] == []


def test_matching_api_answers_match_the_openapi_document(client, people, mentor, key):
    """Real answers of the mentors, mentees, candidates and matches calls fit the document."""
    from tests.functional.test_openapi import assert_matches

    document = client.get("/api/v1/openapi.json").json
    assert_matches(document, "/api/v1/mentors", client.get("/api/v1/mentors", headers=_auth(key)))
    made = client.post("/api/v1/mentees", headers=_auth(key), json={"reference": "DOC-1"})
    assert_matches(document, "/api/v1/mentees", made, method="post")
    bad = client.post("/api/v1/mentees", headers=_auth(key), json={"reference": 5})
    assert_matches(document, "/api/v1/mentees", bad, method="post")
    found = client.get("/api/v1/mentees/DOC-1/candidates", headers=_auth(key))
    assert_matches(document, "/api/v1/mentees/{reference}/candidates", found)
    match = client.post(
        "/api/v1/matches",
        headers=_auth(key),
        json={"mentor_id": mentor.id, "mentee_reference": "DOC-1"},
    )
    assert_matches(document, "/api/v1/matches", match, method="post")
    client.post("/api/v1/mentees", headers=_auth(key), json={"reference": "DOC-2"})
    refused = client.post(
        "/api/v1/matches",
        headers=_auth(key),
        json={"mentor_id": mentor.id, "mentee_reference": "DOC-2"},
    )
    assert refused.status_code == 409
    assert_matches(document, "/api/v1/matches", refused, method="post")
