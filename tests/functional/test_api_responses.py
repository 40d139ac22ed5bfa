"""Every response the OpenAPI document describes: a real answer fits its schema and its model.

The document's schemas are generated from the pydantic models in ``lms.api.responses``; here one
real call per documented (path, method, status) is made and its body validated against the
schema the document gives and against the model that schema came from. A documented response
no call here produces fails the coverage check, so a new one needs a real example too.
"""

from __future__ import annotations

import pytest
from pydantic import BaseModel, ValidationError

from lms import create_app
from lms.api import auth, responses
from lms.api.keys import create_key
from lms.certificates import issuing, services
from lms.extensions import db
from lms.ukdates import uk_today
from tests.factories import make_definition, make_eligible, make_mentor
from tests.functional.test_openapi import BASE_URL, assert_matches

MODELS = {
    name: model
    for name, model in vars(responses).items()
    if isinstance(model, type) and issubclass(model, BaseModel)
}
CERT = "/api/v1/certificates/{number}"
BATCH = "/api/v1/certificates/verify"
MENTORS = "/api/v1/mentors"
MENTEES = "/api/v1/mentees"
CANDIDATES = "/api/v1/mentees/{reference}/candidates"
MATCHES = "/api/v1/matches"
MATCH = "/api/v1/matches/{match_id}"
CONTACTS = "/api/v1/matches/{match_id}/contacts"
DOC = "/api/v1/openapi.json"


@pytest.fixture
def app_config(app_config):
    app_config["BASE_URL"] = BASE_URL
    app_config["RATELIMIT_VERIFY"] = "20 per minute"
    return app_config


def _models_of(document: dict, path: str, method: str, status: int) -> list[type[BaseModel]]:
    schema = document["paths"][path][method]["responses"][str(status)]["content"]
    schema = schema["application/json"]["schema"]
    refs = [s["$ref"] for s in schema.get("anyOf", [schema])]
    return [MODELS[ref.rsplit("/", 1)[-1]] for ref in refs]


def _fits_a_model(models: list[type[BaseModel]], body: object) -> bool:
    for model in models:
        try:
            model.model_validate(body)
        except ValidationError:
            continue
        return True
    return False


class Checked:
    """Calls the app, validates each answer, and remembers which responses were seen."""

    def __init__(self, client, document: dict) -> None:
        self.client, self.document, self.seen = client, document, set()

    def __call__(self, path: str, method: str, status: int, url: str, **kwargs):
        response = getattr(self.client, method)(url, **kwargs)
        assert response.status_code == status, (url, response.json)
        assert_matches(self.document, path, response, method)
        models = _models_of(self.document, path, method, status)
        assert _fits_a_model(models, response.json), (path, status, models, response.json)
        self.seen.add((path, method, str(status)))
        return response

    def until_limited(self, path: str, method: str, url: str, **kwargs) -> None:
        """Call until the rate limit answers, then check that answer."""
        for _ in range(30):
            if getattr(self.client, method)(url, **kwargs).status_code == 429:
                break
        self(path, method, 429, url, **kwargs)


def _documented(document: dict) -> set[tuple[str, str, str]]:
    return {
        (path, method, status)
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
        for status in operation["responses"]
    }


def test_every_documented_response_fits_a_real_answer(app_config, client, people, monkeypatch):
    """One real call per documented response: each body fits its schema and its model."""
    monkeypatch.setattr(issuing, "_render", lambda *args: b"%PDF-test")
    monkeypatch.setattr(auth, "KEY_LIMIT", "8 per minute")
    definition = make_definition()
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    cert = services.issue(
        db.session,
        people["trainer"],
        people["trainee"],
        definition,
        services.IssueSettings(BASE_URL),
        today=uk_today(),
    )
    mentor = make_mentor(people["trainer"], capacity=1).person
    coordinator_as_mentor = make_mentor(people["coordinator"]).person
    _, plain = create_key(db.session, people["coordinator"], people["coordinator"].scheme, "CRM")
    db.session.commit()
    key = {"Authorization": f"Bearer {plain}"}
    document = client.get(DOC).json
    call = Checked(client, document)

    call(DOC, "get", 200, DOC)
    call(DOC, "get", 400, f"{DOC}?api_key=x")
    call("/healthz", "get", 200, "/healthz")
    call(BATCH, "post", 200, BATCH, json={"numbers": [cert.number, "PM-0000"]}, headers=key)
    call(BATCH, "post", 400, BATCH, data="[", content_type="application/json", headers=key)
    call(BATCH, "post", 401, BATCH, json={"numbers": ["x"]})
    call(BATCH, "post", 422, BATCH, json={"numbers": []}, headers=key)
    call(CERT, "get", 200, f"/api/v1/certificates/{cert.number}")
    call(CERT, "get", 200, f"/api/v1/certificates/{cert.number}", headers=key)
    call(CERT, "get", 400, f"/api/v1/certificates/{cert.number}?key=x")
    call(CERT, "get", 404, "/api/v1/certificates/PM-0000-0000-0")
    # Single and batch checks share one budget per client.
    call.until_limited(CERT, "get", "/api/v1/certificates/PM-0000-0000-0")
    call(BATCH, "post", 429, BATCH, json={"numbers": [cert.number]}, headers=key)

    call(MENTORS, "get", 200, MENTORS, headers=key)
    call(MENTORS, "get", 400, f"{MENTORS}?page=0", headers=key)
    call(MENTORS, "get", 401, MENTORS)
    mentee = {"reference": "API-1", "needs": ["housing"]}
    call(MENTEES, "post", 201, MENTEES, json=mentee, headers=key)
    call(MENTEES, "post", 409, MENTEES, json={"reference": "API-1"}, headers=key)
    call(MENTEES, "post", 400, MENTEES, data="{", content_type="application/json", headers=key)
    call(MENTEES, "post", 422, MENTEES, json={"reference": "API-2", "x": 1}, headers=key)
    call(MENTEES, "post", 401, MENTEES, json=mentee)
    candidates = "/api/v1/mentees/API-1/candidates"
    call(CANDIDATES, "get", 200, candidates, headers=key)
    call(CANDIDATES, "get", 400, f"{candidates}?page=x", headers=key)
    call(CANDIDATES, "get", 404, "/api/v1/mentees/NOBODY/candidates", headers=key)
    call(CANDIDATES, "get", 401, candidates)

    match = {"mentor_id": mentor.id, "mentee_reference": "API-1"}
    call(MATCHES, "post", 201, MATCHES, json=match, headers=key)
    call(MATCHES, "post", 409, MATCHES, json=match, headers=key)  # the mentor is at capacity
    own = {"mentor_id": coordinator_as_mentor.id, "mentee_reference": "API-1"}
    call(MATCHES, "post", 403, MATCHES, json=own, headers=key)
    call(MATCHES, "post", 404, MATCHES, json={**match, "mentee_reference": "NOBODY"}, headers=key)
    call(MATCHES, "post", 400, MATCHES, data="1", content_type="application/json", headers=key)
    call(MATCHES, "post", 422, MATCHES, json={"mentor_id": "1"}, headers=key)
    call(MATCHES, "post", 401, MATCHES, json=match)

    _match_calls(call, key, mentor)

    # Each endpoint a key calls has its own limit per key.
    call.until_limited(MENTORS, "get", MENTORS, headers=key)
    call.until_limited(MENTEES, "post", MENTEES, json={"reference": "API-9"}, headers=key)
    call.until_limited(CANDIDATES, "get", candidates, headers=key)
    call.until_limited(MATCHES, "post", MATCHES, json=match, headers=key)

    with down_app_client(app_config) as down:
        down_call = Checked(down, document)
        down_call(CERT, "get", 503, f"/api/v1/certificates/{cert.number}")
        down_call("/healthz", "get", 503, "/healthz")
        call.seen |= down_call.seen

    assert call.seen == _documented(document)


def _match_calls(call, key, mentor) -> None:
    """A match's detail and contacts: each documented answer, then each limit."""
    from lms.matching.models import Match

    made = db.session.scalars(db.select(Match).where(Match.mentor_id == mentor.id)).one()
    detail, contacts = f"/api/v1/matches/{made.id}", f"/api/v1/matches/{made.id}/contacts"
    contact = {"held_on": uk_today().isoformat(), "kind": "phone", "minutes": 15}
    call(MATCH, "get", 200, detail, headers=key)
    call(MATCH, "get", 404, "/api/v1/matches/999999", headers=key)
    call(MATCH, "get", 401, detail)
    call(CONTACTS, "post", 409, contacts, json=contact, headers=key)  # still proposed
    made.status, made.activated_at = "active", made.created_at
    db.session.commit()
    call(CONTACTS, "post", 201, contacts, json=contact, headers=key)
    call(CONTACTS, "post", 400, contacts, data="[", content_type="application/json", headers=key)
    call(CONTACTS, "post", 422, contacts, json={**contact, "minutes": "15"}, headers=key)
    call(CONTACTS, "post", 404, "/api/v1/matches/999999/contacts", json=contact, headers=key)
    call(CONTACTS, "post", 401, contacts, json=contact)
    call(CONTACTS, "get", 200, contacts, headers=key)
    call(CONTACTS, "get", 404, "/api/v1/matches/999999/contacts", headers=key)
    call(CONTACTS, "get", 401, contacts)
    call.until_limited(MATCH, "get", detail, headers=key)
    call.until_limited(CONTACTS, "get", contacts, headers=key)
    call.until_limited(CONTACTS, "post", contacts, json=contact, headers=key)


class down_app_client:
    """A test client of the same site whose database cannot be reached."""

    def __init__(self, config) -> None:
        url = "sqlite:////nonexistent/directory/lms.sqlite3"
        self.app = create_app(dict(config, SQLALCHEMY_DATABASE_URI=url))

    def __enter__(self):
        return self.app.test_client()

    def __exit__(self, *exc) -> None:
        with self.app.app_context():
            db.engine.dispose()


def test_the_document_names_only_models_that_exist(client):
    """Every schema a response points at is one of the response models."""
    document = client.get(DOC).json
    for path, method, status in _documented(document):
        assert _models_of(document, path, method, int(status))
