"""The OpenAPI description of the scheme API (calls made with a scheme's API key)."""

from __future__ import annotations

import copy
from typing import Any

from lms.api.openapi import COMPONENTS, _json
from lms.matching.gate import CODES, KINDS

EXACT_STATUSES = ["valid", "expiring", "expired", "suspended", "revoked", "superseded"]

_PAGE = {
    "name": "page",
    "in": "query",
    "required": False,
    "schema": {"type": "integer", "minimum": 1, "maximum": 100000, "default": 1},
}
KEY_RESPONSES = {
    "401": _json(
        "Error",
        "No live API key was sent, or the key's creator is no longer an active coordinator of "
        "the scheme (or an admin).",
    ),
    "429": _json("Error", "Too many calls with this key. Wait, then try again."),
}
PAGE_OR_KEY_IN_QUERY = (
    "page is not a whole number from 1 to 100000 in the digits 0-9 (`error` is `bad_request`, "
    "`fields` names `page`), or an API key was sent in the query string."
)
BODY_RESPONSES = {
    "400": _json(
        "InputError",
        "The body is not a JSON object, is not valid JSON, or nests more than 32 levels deep; "
        "or an API key was sent in the query string (`key_in_query`).",
    ),
    "422": _json(
        "InputError",
        "The body does not fit; `fields` names each problem. Types are strict: booleans are "
        "`true` or `false`, numbers are not quoted, dates are `YYYY-MM-DD`, unknown fields are "
        "refused.",
    ),
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
            "error": {"type": "string", "enum": ["bad_request", "invalid", "key_in_query"]},
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

_REASON = {
    "type": "object",
    "required": ["code", "message"],
    "properties": {
        "code": {
            "type": "string",
            "enum": list(CODES),
        },
        "message": {"type": "string"},
    },
}
_NEEDS = ["housing", "employment", "substance_use", "mental_health", "debt", "literacy", "family"]

SCHEMAS.update(
    {
        "Reason": _REASON,
        "MentorList": {
            "type": "object",
            "required": ["page", "per_page", "total", "mentors"],
            "properties": {
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1},
                "total": {"type": "integer", "minimum": 0, "description": "Mentors on every page."},
                "mentors": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["id", "name", "certificates", "matchable", "reasons"],
                        "properties": {
                            "id": {"type": "integer"},
                            "name": {"type": "string"},
                            "certificates": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "required": ["number", "certificate", "status", "valid_until"],
                                    "properties": {
                                        "number": {"type": "string"},
                                        "certificate": {"type": "string"},
                                        "status": {"type": "string", "enum": EXACT_STATUSES},
                                        "valid_until": {"type": "string", "format": "date"},
                                    },
                                },
                            },
                            "matchable": {"type": "boolean"},
                            "reasons": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Reason"},
                            },
                        },
                    },
                },
            },
        },
        "NewMentee": {
            "type": "object",
            "required": ["reference"],
            "additionalProperties": False,
            "properties": {
                "reference": {"type": "string", "minLength": 1, "maxLength": 40},
                "area": {"type": "string", "maxLength": 100},
                "gender": {"type": "string", "enum": ["woman", "man", "non_binary", "not_said"]},
                "gender_preference": {"type": "string", "enum": ["none", "woman", "man"]},
                "under_18": {"type": "boolean"},
                "needs": {"type": "array", "items": {"type": "string", "enum": _NEEDS}},
                "languages": {
                    "type": "array",
                    "items": {"type": "string", "maxLength": 40},
                    "maxItems": 10,
                },
                "in_custody": {"type": "boolean"},
                "release_date": {"type": ["string", "null"], "format": "date"},
                "mappa_level": {"type": ["integer", "null"], "enum": [1, 2, 3, None]},
                "high_risk": {"type": "boolean"},
                "probation_agreed": {"type": "boolean"},
            },
        },
        "Mentee": {
            "type": "object",
            "required": ["reference", "area", "under_18", "needs", "release_date"],
            "properties": {
                "reference": {"type": "string"},
                "area": {"type": "string"},
                "under_18": {"type": "boolean"},
                "needs": {"type": "array", "items": {"type": "string"}},
                "release_date": {"type": ["string", "null"], "format": "date"},
            },
        },
        "Candidates": {
            "type": "object",
            "required": [
                "mentee",
                "page",
                "per_page",
                "eligible_total",
                "blocked_total",
                "blocked_by_reason",
                "eligible",
                "blocked",
            ],
            "properties": {
                "mentee": {"type": "string"},
                "page": {"type": "integer", "minimum": 1},
                "per_page": {"type": "integer", "minimum": 1},
                "eligible_total": {"type": "integer", "minimum": 0},
                "blocked_total": {"type": "integer", "minimum": 0},
                "blocked_by_reason": {
                    "type": "object",
                    "description": (
                        "How many blocked mentors (on every page) each kind of reason holds back; "
                        "a mentor can count under several. Kinds with none are left out."
                    ),
                    "propertyNames": {"enum": list(KINDS)},
                    "additionalProperties": {"type": "integer", "minimum": 1},
                },
                "eligible": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["mentor_id", "name", "score", "fit"],
                        "properties": {
                            "mentor_id": {"type": "integer"},
                            "name": {"type": "string"},
                            "score": {"type": "number"},
                            "fit": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
                "blocked": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "required": ["mentor_id", "name", "reasons"],
                        "properties": {
                            "mentor_id": {"type": "integer"},
                            "name": {"type": "string"},
                            "reasons": {
                                "type": "array",
                                "items": {"$ref": "#/components/schemas/Reason"},
                            },
                        },
                    },
                },
            },
        },
        "NewMatch": {
            "type": "object",
            "required": ["mentor_id", "mentee_reference"],
            "additionalProperties": False,
            "properties": {
                "mentor_id": {"type": "integer", "minimum": 1, "maximum": 2147483647},
                "mentee_reference": {"type": "string", "minLength": 1, "maxLength": 40},
            },
        },
        "Match": {
            "type": "object",
            "required": ["id", "mentor_id", "mentee_reference", "status", "created_at"],
            "properties": {
                "id": {"type": "integer"},
                "mentor_id": {"type": "integer"},
                "mentee_reference": {"type": "string"},
                "status": {"type": "string", "enum": ["proposed", "active", "paused", "ended"]},
                "created_at": {"type": "string", "format": "date-time"},
            },
        },
        "NotMatchable": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {
                "error": {"type": "string"},
                "message": {"type": "string"},
                "reasons": {"type": "array", "items": {"$ref": "#/components/schemas/Reason"}},
            },
        },
    }
)

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
                "429": _json(
                    "Error",
                    "Too many certificate checks from this client: each number counts as one "
                    "check against the same limit as single checks (RATELIMIT_VERIFY), and a "
                    "batch larger than what is left is refused whole. Wait, then try again.",
                ),
            },
        }
    },
}

_KEY = [{"SchemeKey": []}]
PATHS.update(
    {
        "/api/v1/mentors": {
            "get": {
                "operationId": "listMentors",
                "tags": ["Scheme API"],
                "summary": "The scheme's mentors, their certificates and whether matchable",
                "description": "By name, a page at a time; `total` says how many pages there are.",
                "security": _KEY,
                "parameters": [_PAGE],
                "responses": {
                    "200": _json("MentorList", "One page of mentors."),
                    "400": _json("InputError", PAGE_OR_KEY_IN_QUERY),
                    **KEY_RESPONSES,
                },
            }
        },
        "/api/v1/mentees": {
            "post": {
                "operationId": "createMentee",
                "tags": ["Scheme API"],
                "summary": "Register a mentee under a pseudonymous reference",
                "security": _KEY,
                "requestBody": _body("NewMentee"),
                "responses": {
                    "201": _json("Mentee", "The mentee was registered."),
                    "409": _json("InputError", "The reference is already used in the scheme."),
                    **BODY_RESPONSES,
                    **KEY_RESPONSES,
                },
            }
        },
        "/api/v1/mentees/{reference}/candidates": {
            "get": {
                "operationId": "mentorCandidates",
                "tags": ["Scheme API"],
                "summary": "Mentors who may be matched, ranked, and the others with reasons",
                "description": (
                    "A page of each list: eligible mentors best fit first, blocked mentors "
                    "nearest to eligible first; the totals say how many pages there are."
                ),
                "security": _KEY,
                "parameters": [
                    {
                        "name": "reference",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "string", "maxLength": 40},
                    },
                    _PAGE,
                ],
                "responses": {
                    "200": _json("Candidates", "Ranked eligible mentors and blocked ones."),
                    "400": _json("InputError", PAGE_OR_KEY_IN_QUERY),
                    "404": _json("Error", "The scheme has no mentee with this reference."),
                    **KEY_RESPONSES,
                },
            }
        },
        "/api/v1/matches": {
            "post": {
                "operationId": "createMatch",
                "tags": ["Scheme API"],
                "summary": "Propose a match; the gate decides",
                "security": _KEY,
                "requestBody": _body("NewMatch"),
                "responses": {
                    "201": _json("Match", "The match was proposed."),
                    "403": _json(
                        "Error",
                        "The key acts as the mentor named (error own_record): nobody matches "
                        "themselves.",
                    ),
                    "404": _json("Error", "The scheme has no mentee with this reference."),
                    "409": _json("NotMatchable", "The gate refused: every reason is listed."),
                    **BODY_RESPONSES,
                    **KEY_RESPONSES,
                },
            }
        },
    }
)

TAG = {"name": "Scheme API", "description": "Calls a scheme's own systems make with its key."}
