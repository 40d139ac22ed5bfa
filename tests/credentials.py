"""Helpers for the credential tests: issue a real certificate, and read the served documents."""

from __future__ import annotations

import json
from datetime import date

from lms.certificates import services
from lms.credentials import badges
from lms.extensions import db
from tests.factories import make_definition, make_eligible

TODAY = date(2026, 11, 28)
SETTINGS = services.IssueSettings(base_url="http://lms.test")


def issue_certificate(people):
    """A certificate issued to the demo trainee by the demo trainer, committed."""
    definition = make_definition()
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    cert = services.issue(
        db.session, people["trainer"], people["trainee"], definition, SETTINGS, today=TODAY
    )
    db.session.commit()
    return cert


def credential_of(cert) -> dict:
    row = badges.for_certificate(db.session, cert)
    assert row is not None, "no credential was issued with the certificate"
    return json.loads(row.json)


def served(client) -> dict[str, dict]:
    """The DID document and both status lists as a verifier would fetch them, by id."""
    found = {}
    for path in (
        "/.well-known/did.json",
        "/credentials/status/revocation",
        "/credentials/status/suspension",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        document = response.get_json(force=True)
        found[document["id"]] = document
    return found
