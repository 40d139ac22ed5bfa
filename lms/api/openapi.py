"""The OpenAPI 3.1 document served at /api/v1/openapi.json, kept as plain Python data.

Adding a JSON endpoint: describe it in ``PATHS`` (the key is the path as clients call it, with
``{name}`` for path parameters) and put any new body shapes under ``COMPONENTS["schemas"]``.
``tests/functional/test_openapi.py`` fails while a JSON route is missing here, validates the
document and checks real responses against the schemas.
"""

from __future__ import annotations

import copy
from typing import Any

OPENAPI_VERSION = "3.1.0"

INFO: dict[str, Any] = {
    "title": "Peer Mentor Training API",
    "version": "1.0.0",
    "summary": "Check peer mentor certificates.",
    "description": (
        "Public endpoints. A certificate's `status` is `valid`, `expired` or `not_valid`; the "
        "reason a certificate stopped being valid is never given. Certificate lookups are "
        "rate-limited per client and answers must not be cached."
    ),
    "license": {"name": "MIT", "identifier": "MIT"},
}

# One symbol of Crockford's base32 alphabet (no I, L, O or U), as in lms.certificates.number.
_SYMBOL = "[0-9A-HJKMNP-TV-Z]"

KEY_IN_QUERY = (
    "An API key was sent in the query string (`key_in_query`): send it only in the "
    "Authorization header."
)

_NO_STORE = {
    "description": "Answers are never cached: a certificate's status can change at any time.",
    "schema": {"type": "string", "const": "no-store"},
}


def _json(schema_name: str, description: str, **extra: Any) -> dict[str, Any]:
    """A response whose body is one of the schemas under ``COMPONENTS``."""
    return {
        "description": description,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
        **extra,
    }


COMPONENTS: dict[str, Any] = {
    "schemas": {
        "Certificate": {
            "type": "object",
            "description": "A certificate as anyone holding it may see it.",
            "required": [
                "number",
                "holder_name",
                "certificate",
                "competences",
                "issued_on",
                "valid_until",
                "status",
                "verify_url",
            ],
            "additionalProperties": False,
            "properties": {
                "number": {
                    "type": "string",
                    "description": "The canonical certificate number.",
                    "pattern": f"^PM-{_SYMBOL}{{4}}-{_SYMBOL}{{4}}-{_SYMBOL}$",
                    "examples": ["PM-7K3Q-9XWD-H"],
                },
                "holder_name": {"type": "string", "examples": ["Sam Taylor"]},
                "certificate": {
                    "type": "object",
                    "required": ["slug", "title"],
                    "additionalProperties": False,
                    "properties": {
                        "slug": {"type": "string", "examples": ["core-peer-mentor"]},
                        "title": {"type": "string", "examples": ["Peer Mentor Certificate"]},
                    },
                },
                "competences": {
                    "type": "array",
                    "description": "Codes of what the holder is certified to do.",
                    "items": {"type": "string"},
                    "examples": [["peer-mentoring", "safeguarding"]],
                },
                "issued_on": {"type": "string", "format": "date"},
                "valid_until": {
                    "type": "string",
                    "format": "date",
                    "description": "The last day the certificate is valid (UK time).",
                },
                "status": {
                    "type": "string",
                    "enum": ["valid", "expired", "not_valid"],
                    "description": (
                        "`not_valid` covers every reason a certificate stopped being valid "
                        "before its end date; the reason is not given."
                    ),
                },
                "verify_url": {
                    "type": "string",
                    "format": "uri",
                    "description": "The page a person can open to check the certificate.",
                },
            },
        },
        "Error": {
            "type": "object",
            "required": ["error", "message"],
            "additionalProperties": False,
            "properties": {
                "error": {
                    "type": "string",
                    "description": "A stable code, such as `not_found` or `rate_limited`.",
                    "examples": ["not_found"],
                },
                "message": {"type": "string", "description": "What went wrong, in plain words."},
            },
        },
        "Health": {
            "type": "object",
            "required": ["status", "checks"],
            "additionalProperties": False,
            "properties": {
                "status": {"type": "string", "enum": ["ok", "unavailable"]},
                "checks": {
                    "type": "object",
                    "description": (
                        "`read`: a query through the certificate checks' pool; `write`: a "
                        "committed write to a one-row table. `not_run` follows a failure."
                    ),
                    "required": ["read", "write"],
                    "additionalProperties": False,
                    "properties": {
                        name: {"type": "string", "enum": ["ok", "failed", "not_run"]}
                        for name in ("read", "write")
                    },
                },
            },
        },
        "OpenApiDocument": {
            "type": "object",
            "description": "An OpenAPI 3.1 document (this one).",
            "required": ["openapi", "info", "paths"],
        },
    },
    "headers": {
        "RetryAfter": {
            "description": "Seconds to wait before trying again.",
            "schema": {"type": "integer", "minimum": 0},
        },
        "CacheControlNoStore": _NO_STORE,
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
                    "example": "PM-7K3Q-9XWD-H",
                }
            ],
            "responses": {
                "200": _json(
                    "Certificate",
                    "The certificate and its status today.",
                    headers={"Cache-Control": {"$ref": "#/components/headers/CacheControlNoStore"}},
                ),
                "400": _json("Error", KEY_IN_QUERY),
                "404": _json("Error", "No certificate has this number."),
                "429": _json(
                    "Error",
                    "Too many checks from this client. Wait, then try again.",
                    headers={"Retry-After": {"$ref": "#/components/headers/RetryAfter"}},
                ),
                "503": _json(
                    "Error",
                    "The database is unavailable just now (`unavailable`). Try again later.",
                    headers={"Retry-After": {"$ref": "#/components/headers/RetryAfter"}},
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
                "200": _json("OpenApiDocument", "The OpenAPI 3.1 document."),
                "400": _json("Error", KEY_IN_QUERY),
            },
        }
    },
    "/healthz": {
        "get": {
            "operationId": "getHealth",
            "tags": ["Meta"],
            "summary": "Whether the service can read and write its database",
            "responses": {
                "200": _json("Health", "Ready: the database answers reads and takes writes."),
                "503": _json(
                    "Health",
                    "Not ready: the check named `failed` did not pass.",
                    headers={"Retry-After": {"$ref": "#/components/headers/RetryAfter"}},
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
    from lms.api import openapi_scheme as scheme

    components = copy.deepcopy(COMPONENTS)
    components["schemas"].update(copy.deepcopy(scheme.SCHEMAS))
    components["securitySchemes"] = copy.deepcopy(scheme.SECURITY_SCHEMES)
    paths = copy.deepcopy(PATHS)
    paths.update(copy.deepcopy(scheme.PATHS))
    # With a key, a scheme sees the exact status of its own certificates.
    paths["/api/v1/certificates/{number}"]["get"]["responses"]["200"]["content"][
        "application/json"
    ]["schema"] = {
        "anyOf": [
            {"$ref": "#/components/schemas/Certificate"},
            {"$ref": "#/components/schemas/SchemeCertificate"},
        ]
    }
    return {
        "openapi": OPENAPI_VERSION,
        "info": copy.deepcopy(INFO),
        "servers": [{"url": base_url.rstrip("/") or "/"}],
        "tags": [*copy.deepcopy(TAGS), dict(scheme.TAG)],
        "paths": paths,
        "components": components,
    }
