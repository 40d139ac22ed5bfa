"""Authorisation matrix rows for the JSON API: public, so open to everyone."""

from __future__ import annotations

from tests.access import ADMIN, API_KEY, COORD, EVERYONE
from tests.access.verify import public_certificate_number

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("api.certificate", "GET", "/api/v1/certificates/{public_certificate}", EVERYONE),
    ("api.openapi_document", "GET", "/api/v1/openapi.json", EVERYONE),
    ("scheme_api.verify_many", "POST", "/api/v1/certificates/verify", API_KEY),
    ("scheme_api.mentors", "GET", "/api/v1/mentors", API_KEY),
    ("scheme_api.create_mentee", "POST", "/api/v1/mentees", API_KEY),
    ("scheme_api.mentee_candidates", "GET", "/api/v1/mentees/ANY/candidates", API_KEY),
    ("scheme_api.create_match", "POST", "/api/v1/matches", API_KEY),
    ("api_keys.index", "GET", "/api-keys/", (COORD, ADMIN)),
    ("api_keys.index", "POST", "/api-keys/", (COORD, ADMIN)),
    ("api_keys.revoke", "POST", "/api-keys/{api_key}/revoke", (COORD, ADMIN)),
]


def objects(people) -> dict[str, object]:
    """Objects the API routes take: the number of an existing certificate (shared with verify)."""
    from lms.api.keys import create_key
    from lms.extensions import db

    key, _ = create_key(db.session, people["coordinator"], people["coordinator"].scheme, "Matrix")
    db.session.commit()
    return {"public_certificate": public_certificate_number(people), "api_key": key.id}
