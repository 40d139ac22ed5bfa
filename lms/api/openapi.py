"""The OpenAPI 3.1 document served at /api/v1/openapi.json, generated from the API's models.

Schemas come from the pydantic models the API validates bodies with (``lms.api.bodies``) and
describes its answers with (``lms.api.responses``), so the document cannot drift from the code.
Adding a JSON endpoint: describe it in ``PATHS`` here (public) or in ``lms.api.openapi_scheme``
(with a key), naming its models; ``tests/functional/test_openapi.py`` fails while a JSON route is
missing, validates the document and checks real responses against the schemas.
"""

from __future__ import annotations

import copy
from typing import Any

from lms.api import openapi_scheme as scheme
from lms.api import responses as r
from lms.api.openapi_kit import KEY_IN_QUERY, RETRY_AFTER, header, json_response, schemas
from lms.config import PRODUCT_NAME

OPENAPI_VERSION = "3.1.0"

INFO: dict[str, Any] = {
    "title": f"{PRODUCT_NAME} API",
    "version": "1.0.0",
    "summary": "Check peer mentor certificates.",
    "description": (
        "Public endpoints. A certificate's `status` is `valid`, `expired` or `not_valid`; the "
        "reason a certificate stopped being valid is never given. Certificate lookups are "
        "rate-limited per client and answers must not be cached."
    ),
    "license": {"name": "MIT", "identifier": "MIT"},
}

COMPONENTS: dict[str, Any] = {
    "schemas": schemas(r.Certificate, r.Error, r.Health, r.OpenApiDocument),
    "headers": {
        "RetryAfter": {
            "description": "Seconds to wait before trying again.",
            "schema": {"type": "integer", "minimum": 0},
        },
        "CacheControlNoStore": {
            "description": (
                "Answers are never cached: a certificate's status can change at any time."
            ),
            "schema": {"type": "string", "const": "no-store"},
        },
    },
}

PATHS: dict[str, Any] = {
    "/api/v1/certificates/{number}": {
        "get": {
            "operationId": "getCertificate",
            "tags": ["Certificates"],
            "summary": "Check a certificate",
            "description": (
                "Lower case, spaces, missing dashes, a missing `PM` prefix and O/0, I/1, L/1 "
                "mix-ups are accepted. A number that is not well formed answers 404 like an "
                "unknown one."
            ),
            "parameters": [
                {
                    "name": "number",
                    "in": "path",
                    "required": True,
                    "description": "The certificate number as printed, in any spelling.",
                    "schema": {"type": "string", "maxLength": 64},
                    "example": r.EXAMPLE_NUMBER,
                }
            ],
            "responses": {
                "200": json_response(
                    # With a key, a scheme sees the exact status of its own certificates.
                    [r.Certificate, r.SchemeCertificate],
                    "The certificate and its status today.",
                    headers={"Cache-Control": header("CacheControlNoStore")},
                ),
                "400": json_response(r.Error, KEY_IN_QUERY),
                "404": json_response(r.Error, "No certificate has this number."),
                "429": json_response(
                    r.Error,
                    "Too many checks from this client. Wait, then try again.",
                    headers=RETRY_AFTER,
                ),
                "503": json_response(
                    r.Error,
                    "The database is unavailable just now (`unavailable`). Try again later.",
                    headers=RETRY_AFTER,
                ),
            },
        }
    },
    "/api/v1/openapi.json": {
        "get": {
            "operationId": "getOpenApiDocument",
            "tags": ["Meta"],
            "summary": "This document",
            "responses": {
                "200": json_response(r.OpenApiDocument, "The OpenAPI 3.1 document."),
                "400": json_response(r.Error, KEY_IN_QUERY),
            },
        }
    },
    "/healthz": {
        "get": {
            "operationId": "getHealth",
            "tags": ["Meta"],
            "summary": "Whether the service can read and write its database",
            "responses": {
                "200": json_response(
                    r.Health, "Ready: the database answers reads and takes writes."
                ),
                "503": json_response(
                    r.Health,
                    "Not ready: the check named `failed` did not pass.",
                    headers=RETRY_AFTER,
                ),
            },
        }
    },
}

TAGS: list[dict[str, str]] = [
    {"name": "Certificates", "description": "Public certificate checks."},
    {"name": "Meta", "description": "The service itself."},
]


def document(base_url: str) -> dict[str, Any]:
    """The whole OpenAPI document, with the server at ``base_url`` (the BASE_URL setting)."""
    components = copy.deepcopy(COMPONENTS)
    components["schemas"].update(copy.deepcopy(scheme.SCHEMAS))
    components["securitySchemes"] = copy.deepcopy(scheme.SECURITY_SCHEMES)
    paths = copy.deepcopy(PATHS)
    paths.update(copy.deepcopy(scheme.PATHS))
    return {
        "openapi": OPENAPI_VERSION,
        "info": copy.deepcopy(INFO),
        "servers": [{"url": base_url.rstrip("/") or "/"}],
        "tags": [*copy.deepcopy(TAGS), dict(scheme.TAG)],
        "paths": paths,
        "components": components,
    }
