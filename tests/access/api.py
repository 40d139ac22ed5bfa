"""Authorisation matrix rows for the JSON API: public, so open to everyone."""

from __future__ import annotations

from tests.access import EVERYONE
from tests.access.verify import public_certificate_number

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("api.certificate", "GET", "/api/v1/certificates/{public_certificate}", EVERYONE),
    ("api.openapi_document", "GET", "/api/v1/openapi.json", EVERYONE),
]


def objects(people) -> dict[str, object]:
    """Objects the API routes take: the number of an existing certificate (shared with verify)."""
    return {"public_certificate": public_certificate_number(people)}
