"""JSON bodies are read strictly: no deep nesting, no coerced types, errors name the field."""

from __future__ import annotations

import pytest

from lms.api.bodies import MAX_DEPTH
from lms.api.keys import create_key
from lms.extensions import db

ENDPOINTS = ("/api/v1/certificates/verify", "/api/v1/mentees", "/api/v1/matches")


@pytest.fixture
def headers(people):
    _, plain = create_key(db.session, people["coordinator"], people["coordinator"].scheme, "CRM")
    db.session.commit()
    return {"Authorization": f"Bearer {plain}", "Content-Type": "application/json"}


@pytest.mark.parametrize("path", ENDPOINTS)
@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_deeply_nested_bodies_get_400_saying_so(client, headers, path, opening):
    """A body nested 100,000 levels deep is a 400 naming the nesting, never a 500."""
    body = '{"numbers":' + opening * 100_000
    response = client.post(path, data=body, headers=headers)
    assert response.status_code == 400, response.get_data(as_text=True)[:200]
    assert response.json["error"] == "bad_request" and "nested" in response.json["message"]


def test_nesting_within_the_limit_is_judged_on_its_fields(client, headers):
    """Moderate nesting reaches validation, and brackets inside strings do not count."""
    inner = "[" * (MAX_DEPTH - 2) + "]" * (MAX_DEPTH - 2)
    response = client.post(
        "/api/v1/certificates/verify",
        data='{"numbers": ["' + "[" * 500 + '", ' + inner + "]}",
        headers=headers,
    )
    assert response.status_code == 422 and response.json["fields"][0]["field"] == "numbers.1"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("under_18", "yes"),
        ("under_18", "1"),
        ("under_18", 1),
        ("high_risk", "true"),
        ("probation_agreed", 0),
        ("mappa_level", "2"),
        ("release_date", 20261210),
        ("release_date", "10/12/2026"),
    ],
)
def test_mentee_bodies_coerce_nothing_even_with_a_release_date(client, headers, field, value):
    """With release_date present, strings and numbers are still not booleans: 422 names it."""
    body = {"reference": "STRICT-1", "in_custody": True, "release_date": "2099-12-10"}
    body[field] = value
    response = client.post("/api/v1/mentees", json=body, headers=headers)
    assert response.status_code == 422, response.json
    assert response.json["fields"][0]["field"] == field


def test_a_release_date_in_iso_form_is_accepted(client, headers):
    """Dates arrive as YYYY-MM-DD strings in JSON: that is not coercion, it is the format."""
    body = {"reference": "STRICT-2", "in_custody": True, "release_date": "2099-12-10"}
    response = client.post("/api/v1/mentees", json=body, headers=headers)
    assert response.status_code == 201 and response.json["release_date"] == "2099-12-10"


def test_unknown_fields_and_quoted_numbers_are_refused(client, headers):
    """Extra fields and "1" for an id are 422 naming the field."""
    extra = client.post(
        "/api/v1/mentees", json={"reference": "S-3", "release_date": None, "x": 1}, headers=headers
    )
    assert extra.status_code == 422 and extra.json["fields"][0]["field"] == "x"
    quoted = client.post(
        "/api/v1/matches", json={"mentor_id": "1", "mentee_reference": "S-3"}, headers=headers
    )
    assert quoted.status_code == 422 and quoted.json["fields"][0]["field"] == "mentor_id"


@pytest.mark.parametrize("body", ["NaN", '{"numbers": [NaN]}', '{"numbers": ["a"]', "[1]"])
def test_what_is_not_a_json_object_is_a_400(client, headers, body):
    """NaN, truncated JSON and a top-level array are 400 bad_request."""
    response = client.post("/api/v1/certificates/verify", data=body, headers=headers)
    assert response.status_code == 400 and response.json["error"] == "bad_request"


@pytest.mark.parametrize("field", ["area", "languages"])
def test_free_text_in_bodies_refuses_hidden_characters(client, headers, field):
    """A bidi override or zero-width space in the mentee's area or languages is 422 naming it."""
    value = "Lee\u202eds" if field == "area" else ["Engl\u200bish"]
    body = {"reference": "TEXT-1", field: value}
    response = client.post("/api/v1/mentees", json=body, headers=headers)
    assert response.status_code == 422 and response.json["fields"][0]["field"].startswith(field)
    assert "invisible" in response.json["message"]
