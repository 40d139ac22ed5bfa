"""Schemathesis against the served /api/v1/openapi.json: no server errors, nothing off-schema.

Every operation in the document is called through the app's WSGI interface with generated
valid data and with generated invalid data (a few examples each, derandomised, so CI repeats
the same run), sending a live scheme API key to the operations that declare one. A few explicit
calls make sure the 200 answers are checked too, not only the 404s of unknown numbers.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from lms.certificates.models import Certificate
from lms.extensions import db
from tests.access.verify import public_certificate_number
from tests.factories import make_mentee, make_mentor
from tests.security.support import api_key_for

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLE_NUMBER = "PM-7K3Q-9XWD-H"  # the example the document gives, so examples find it
SETTINGS = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def app_config(app_config):
    app_config["RATELIMIT_VERIFY"] = "10000 per minute"  # the 429 answer is tested on its own
    return app_config


@pytest.fixture
def api_schema(app, people):
    """The document as the app serves it, with a certificate and a mentor to be found."""
    number = public_certificate_number(people)
    cert = db.session.scalars(db.select(Certificate).where(Certificate.number == number)).one()
    cert.number = EXAMPLE_NUMBER
    db.session.commit()
    make_mentor(people["trainer"], slug="public-check")
    make_mentee(people["coordinator"].scheme, "M-001", created_by=people["coordinator"])
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", isolated(app))


def isolated(app):
    """The app as a server runs it: each call in its own app context, like IsolatedClient.

    The test holds an app context; without this every call would share its ``g`` (and so the
    API key remembered from the previous call).
    """

    def wsgi(environ, start_response):
        with app.app_context():
            return app(environ, start_response)

    return wsgi


def operations(schema):
    return [result.ok() for result in schema.get_all_operations()]


def test_the_document_lists_operations(api_schema):
    """Schemathesis reads the document and finds the public and the scheme operations."""
    paths = {op.path for op in operations(api_schema)}
    assert {"/api/v1/certificates/{number}", "/api/v1/certificates/verify"} <= paths


# The WSGI client, unlike an HTTP client, does not undo Content-Encoding: ask for none, so the
# body checked is the JSON itself (compression is tested in test_compression.py).
PLAIN = {"Accept-Encoding": "identity"}


def run_cases(strategy, headers: dict[str, str]) -> None:
    """Call the app with each generated case and check the answer against the document."""
    headers = {**PLAIN, **headers}

    @SETTINGS
    @given(case=strategy)
    def check(case):
        response = case.call(headers=headers)
        case.validate_response(response, checks=CHECKS, headers=headers)

    check()


def test_every_operation_answers_within_its_schema(api_schema, people):
    """Generated valid and invalid calls: never a 5xx, every answer as the document says."""
    key = {"Authorization": f"Bearer {api_key_for(people['coordinator'])}"}
    failures = []
    for operation in operations(api_schema):
        headers = key if operation.definition.raw.get("security") else {}
        has_input = bool(operation.path_parameters or operation.query or operation.body)
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            if mode is GenerationMode.NEGATIVE and not has_input:
                continue  # nothing to make invalid

            try:
                run_cases(operation.as_strategy(generation_mode=mode), headers)
            except Exception as exc:  # every operation reported, not only the first
                notes = "\n".join(getattr(exc, "__notes__", []))
                failures.append(f"{operation.label} ({mode.value}): {exc}\n{notes}")
    assert not failures, "\n\n".join(failures)


def test_found_certificates_match_the_schema(api_schema, people):
    """A real certificate, publicly and with its own scheme's key, fits the document."""
    key = {"Authorization": f"Bearer {api_key_for(people['coordinator'])}"}
    lookup = api_schema["/api/v1/certificates/{number}"]["GET"]
    batch = api_schema["/api/v1/certificates/verify"]["POST"]
    calls = [
        (lookup.Case(path_parameters={"number": EXAMPLE_NUMBER.lower()}), {}),
        (lookup.Case(path_parameters={"number": EXAMPLE_NUMBER}), key),
        (batch.Case(body={"numbers": [EXAMPLE_NUMBER, "PM-0000-0000-0"]}), key),
    ]
    for case, headers in calls:
        headers = {**PLAIN, **headers}
        response = case.call(headers=headers)
        assert response.status_code == 200
        case.validate_response(response, checks=CHECKS, headers=headers)
