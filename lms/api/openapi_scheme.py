"""The OpenAPI description of the scheme API (calls made with a scheme's API key)."""

from __future__ import annotations

import copy
from typing import Any

from lms.api.openapi import COMPONENTS, _json

EXACT_STATUSES = ["valid", "expiring", "expired", "suspended", "revoked", "superseded"]

KEY_RESPONSES = {
    "401": _json("Error", "No live API key was sent."),
    "429": _json("Error", "Too many calls with this key. Wait, then try again."),
}
BODY_RESPONSES = {
    "400": _json("InputError", "The body is not a JSON object."),
    "422": _json("InputError", "The body does not fit; `fields` names each problem."),
}


def _scheme_certificate() -> dict[str, Any]:
    schema = copy.deepcopy(COMPONENTS["schemas"]["Certificate"])
    schema["description"] = (
        "A certificate as its own scheme sees it with an API key: the exact status, "
        "including suspended, revoked and superseded."
    )
    schema["properties"]["status"] = {"type": "string", "enum": EXACT_STATUSES}
    return schema


def _found_certificate() -> dict[str, Any]:
    schema = _scheme_certificate()
    schema["description"] = "A number that was found, with its certificate."
    schema["properties"]["found"] = {"const": True}
    schema["required"] = [*schema["required"], "found"]
    return schema


def _body(schema_name: str) -> dict[str, Any]:
    return {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{schema_name}"}}
        },
    }


SCHEMAS: dict[str, Any] = {
    "SchemeCertificate": _scheme_certificate(),
    "FoundCertificate": _found_certificate(),
    "InputError": {
        "type": "object",
        "required": ["error", "message"],
        "properties": {
            "error": {"type": "string", "enum": ["bad_request", "invalid"]},
            "message": {"type": "string"},
            "fields": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["field", "message"],
                    "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
                },
            },
        },
    },
    "VerifyBatch": {
        "type": "object",
        "required": ["numbers"],
        "additionalProperties": False,
        "properties": {
            "numbers": {
                "type": "array",
                "minItems": 1,
                "maxItems": 100,
                "items": {"type": "string"},
            }
        },
    },
    "VerifyResults": {
        "type": "object",
        "required": ["results"],
        "properties": {
            "results": {
                "type": "array",
                "items": {
                    "anyOf": [
                        {
                            "type": "object",
                            "required": ["number", "found"],
                            "properties": {
                                "number": {"type": "string"},
                                "found": {"const": False},
                            },
                            "additionalProperties": False,
                        },
                        {"$ref": "#/components/schemas/FoundCertificate"},
                    ]
                },
            }
        },
    },
}

SECURITY_SCHEMES = {
    "SchemeKey": {
        "type": "http",
        "scheme": "bearer",
        "description": "A scheme API key, created by a coordinator at /api-keys/ or with "
        "`flask --app lms api-key create --scheme SLUG`.",
    }
}

PATHS: dict[str, Any] = {
    "/api/v1/certificates/verify": {
        "post": {
            "operationId": "verifyCertificates",
            "tags": ["Scheme API"],
            "summary": "Check up to 100 certificates at once",
            "security": [{"SchemeKey": []}],
            "requestBody": _body("VerifyBatch"),
            "responses": {
                "200": _json("VerifyResults", "A result for each number, in the order sent."),
                **BODY_RESPONSES,
                **KEY_RESPONSES,
            },
        }
    },
}

TAG = {"name": "Scheme API", "description": "Calls a scheme's own systems make with its key."}
