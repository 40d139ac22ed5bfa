"""The OpenAPI document: valid, complete, and true to what the endpoints really answer."""

from __future__ import annotations

import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from lms.api import openapi
from lms.certificates import number as numbers
from lms.certificates import services
from lms.extensions import db
from lms.ukdates import uk_today
from tests.factories import make_definition, make_eligible

BASE_URL = "https://check.example.org"
DOC_URI = "urn:lms:openapi"


@pytest.fixture
def app_config(app_config):
    app_config["BASE_URL"] = BASE_URL
    return app_config


@pytest.fixture
def document(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json


def _openapi_path(rule: str) -> str:
    """``/api/v1/certificates/<number>`` → ``/api/v1/certificates/{number}``."""
    return re.sub(r"<(?:[^:<>]+:)?([^<>]+)>", r"{\1}", rule)


def _json_routes(app) -> set[tuple[str, str]]:
    """(path, method) of every JSON endpoint: the API blueprint and the health check."""
    found = set()
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith(("api.", "scheme_api.")) or rule.endpoint == "core.healthz":
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                found.add((_openapi_path(rule.rule), method.lower()))
    return found


def _pointer(*parts: str) -> str:
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in parts)


def assert_matches(document: dict, path: str, response, method: str = "get") -> None:
    """The response's JSON body validates against the schema the document gives for it."""
    code = str(response.status_code)
    assert response.mimetype in document["paths"][path][method]["responses"][code]["content"]
    ref = _pointer("paths", path, method, "responses", code, "content", response.mimetype, "schema")
    registry = Registry().with_resource(
        DOC_URI, Resource.from_contents(document, default_specification=DRAFT202012)
    )
    validator = Draft202012Validator(
        {"$ref": DOC_URI + ref},
        registry=registry,
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )
    errors = [e.message for e in validator.iter_errors(response.json)]
    assert not errors, f"{path} {response.status_code}: {errors}"


def test_the_document_is_valid_openapi_3_1(document):
    """openapi-spec-validator accepts the served document."""
    assert document["openapi"].startswith("3.1")
    validate(document)
    assert document["servers"] == [{"url": BASE_URL}]


def test_the_document_is_built_from_the_module_data(document):
    """Other features add endpoints to PATHS and schemas to COMPONENTS; both are served."""
    assert set(openapi.PATHS) <= set(document["paths"])
    assert {"Certificate", "Error"} <= set(document["components"]["schemas"])
    assert openapi.document(BASE_URL) == document


def test_every_json_endpoint_is_described_and_nothing_else(app, document):
    """A JSON route missing from the document (or a described route that is gone) fails."""
    described = {
        (path, method) for path, operations in document["paths"].items() for method in operations
    }
    assert _json_routes(app) == described


def test_the_document_describes_itself(client, document):
    """The openapi.json response matches its own description."""
    assert_matches(document, "/api/v1/openapi.json", client.get("/api/v1/openapi.json"))


def test_healthz_matches_the_document(client, document):
    """The health check's answer matches the Health schema."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert_matches(document, "/healthz", response)


def test_certificate_answers_match_the_document(client, people, document):
    """A found certificate (200) and an unknown number (404) match their schemas."""
    definition = make_definition()
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    cert = services.issue(
        db.session,
        people["trainer"],
        people["trainee"],
        definition,
        services.IssueSettings(base_url=BASE_URL),
        today=uk_today(),
    )
    db.session.commit()
    path = "/api/v1/certificates/{number}"
    found = client.get(f"/api/v1/certificates/{cert.number.lower()}")
    assert found.status_code == 200
    assert_matches(document, path, found)
    assert found.headers["Cache-Control"] == "no-store"
    for unknown in (numbers.new_number(), "not-a-number"):
        missing = client.get(f"/api/v1/certificates/{unknown}")
        assert missing.status_code == 404
        assert_matches(document, path, missing)


def test_schemas_refuse_extra_fields(document):
    """Certificate answers are closed: a leaked field would fail the response check."""
    schema = document["components"]["schemas"]["Certificate"]
    assert schema["additionalProperties"] is False
    assert set(schema["required"]) == set(schema["properties"])


class TestRateLimited:
    @pytest.fixture
    def app_config(self, app_config):
        app_config["RATELIMIT_VERIFY"] = "1 per minute"
        return app_config

    def test_429_matches_the_document(self, client, document):
        """The rate-limited answer is JSON that matches the Error schema, with Retry-After."""
        path = "/api/v1/certificates/{number}"
        unknown = numbers.new_number()
        assert client.get(f"/api/v1/certificates/{unknown}").status_code == 404
        limited = client.get(f"/api/v1/certificates/{unknown}")
        assert limited.status_code == 429
        assert_matches(document, path, limited)
        assert "Retry-After" in limited.headers


def test_the_match_calls_say_acceptance_is_read_only_and_contact_reads_are_audited(document):
    match = document["paths"]["/api/v1/matches/{match_id}"]
    assert set(match) == {"get"}  # no call accepts or declines
    said = match["get"]["description"]
    assert "read only" in said and "`accepted_at`" in said and "on the site" in said
    contacts = document["paths"]["/api/v1/matches/{match_id}/contacts"]["get"]["description"]
    assert "audit trail" in contacts and "key's creator" in contacts
