"""The OpenAPI description of the scheme API (calls made with a scheme's API key).

Request schemas are generated from ``lms.api.bodies``, response schemas from ``lms.api.responses``.
"""

from __future__ import annotations

from typing import Any

from lms.api import bodies
from lms.api import responses as r
from lms.api.bodies import MAX_DEPTH
from lms.api.openapi_kit import json_body, json_response, schemas
from lms.api.scheme_routes import MAX_PAGE

_PAGE = {
    "name": "page",
    "in": "query",
    "required": False,
    "schema": {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
}
KEY_RESPONSES = {
    "401": json_response(
        r.Error,
        "No live API key was sent, or the key's creator is no longer an active coordinator of "
        "the scheme (or an admin).",
    ),
    "429": json_response(r.Error, "Too many calls with this key. Wait, then try again."),
}
PAGE_OR_KEY_IN_QUERY = (
    f"page is not a whole number from 1 to {MAX_PAGE} in the digits 0-9 (`error` is "
    "`bad_request`, `fields` names `page`), or an API key was sent in the query string."
)
BODY_RESPONSES = {
    "400": json_response(
        r.InputError,
        f"The body is not a JSON object, is not valid JSON, or nests more than {MAX_DEPTH} "
        "levels deep; or an API key was sent in the query string (`key_in_query`).",
    ),
    "422": json_response(
        r.InputError,
        "The body does not fit; `fields` names each problem. Types are strict: booleans are "
        "`true` or `false`, numbers are not quoted, dates are `YYYY-MM-DD`, unknown fields are "
        "refused.",
    ),
}

SCHEMAS: dict[str, Any] = schemas(
    bodies.VerifyBatch,
    bodies.NewMentee,
    bodies.NewMatch,
    bodies.NewContact,
    r.SchemeCertificate,
    r.VerifyResults,
    r.InputError,
    r.MentorList,
    r.Mentee,
    r.Candidates,
    r.Match,
    r.NotMatchable,
    r.MatchDetail,
    r.ContactList,
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
            "requestBody": json_body(bodies.VerifyBatch),
            "responses": {
                "200": json_response(
                    r.VerifyResults, "A result for each number, in the order sent."
                ),
                **BODY_RESPONSES,
                **KEY_RESPONSES,
                "429": json_response(
                    r.Error,
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
                    "200": json_response(r.MentorList, "One page of mentors."),
                    "400": json_response(r.InputError, PAGE_OR_KEY_IN_QUERY),
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
                "requestBody": json_body(bodies.NewMentee),
                "responses": {
                    "201": json_response(r.Mentee, "The mentee was registered."),
                    "409": json_response(
                        r.InputError, "The reference is already used in the scheme."
                    ),
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
                    "200": json_response(r.Candidates, "Ranked eligible mentors and blocked ones."),
                    "400": json_response(r.InputError, PAGE_OR_KEY_IN_QUERY),
                    "404": json_response(r.Error, "The scheme has no mentee with this reference."),
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
                "requestBody": json_body(bodies.NewMatch),
                "responses": {
                    "201": json_response(r.Match, "The match was proposed."),
                    "403": json_response(
                        r.Error,
                        "The key acts as the mentor named (error own_record): nobody matches "
                        "themselves.",
                    ),
                    "404": json_response(r.Error, "The scheme has no mentee with this reference."),
                    "409": json_response(
                        r.NotMatchable, "The gate refused: every reason is listed."
                    ),
                    **BODY_RESPONSES,
                    **KEY_RESPONSES,
                },
            }
        },
    }
)

_MATCH_ID = {
    "name": "match_id",
    "in": "path",
    "required": True,
    "schema": {"type": "integer", "minimum": 1},
}
_NO_MATCH = json_response(r.Error, "The scheme has no match with this id.")
PATHS.update(
    {
        "/api/v1/matches/{match_id}": {
            "get": {
                "operationId": "getMatch",
                "tags": ["Scheme API"],
                "summary": "Where a match stands, and when the mentor accepted it",
                "description": (
                    "Acceptance is read only in this API: there is no call to accept or decline. "
                    "Only the mentor accepts or declines a proposed match, on the site; "
                    "`accepted_at` reports when they accepted (null until then, or if a "
                    "coordinator made the match active) and `status` becomes `active`. Poll this "
                    "to follow it."
                ),
                "security": _KEY,
                "parameters": [_MATCH_ID],
                "responses": {
                    "200": json_response(r.MatchDetail, "The match."),
                    "404": _NO_MATCH,
                    **KEY_RESPONSES,
                },
            }
        },
        "/api/v1/matches/{match_id}/contacts": {
            "get": {
                "operationId": "listContacts",
                "tags": ["Scheme API"],
                "summary": "The match's contact log, newest first",
                "description": (
                    "Notes are included: they are the scheme's own record, written to the "
                    "confidentiality rules the training teaches (factual, minimal). Because "
                    "they are sensitive, each read is recorded in the audit trail in the name "
                    "of the key's creator, with the match and how many contacts were read."
                ),
                "security": _KEY,
                "parameters": [_MATCH_ID],
                "responses": {
                    "200": json_response(r.ContactList, "Every contact logged on the match."),
                    "404": _NO_MATCH,
                    **KEY_RESPONSES,
                },
            },
            "post": {
                "operationId": "createContact",
                "tags": ["Scheme API"],
                "summary": "Record a contact the mentor had",
                "description": (
                    "The contact is the mentor's; the audit trail names the key's creator. With "
                    "`concern` true the scheme's safeguarding lead is told the same day."
                ),
                "security": _KEY,
                "parameters": [_MATCH_ID],
                "requestBody": json_body(bodies.NewContact),
                "responses": {
                    "201": json_response(r.Contact, "The contact was recorded."),
                    "404": _NO_MATCH,
                    "409": json_response(
                        r.Error, "The match is not active (`wrong_status`): no contact is logged."
                    ),
                    **BODY_RESPONSES,
                    **KEY_RESPONSES,
                },
            },
        },
    }
)

TAG = {"name": "Scheme API", "description": "Calls a scheme's own systems make with its key."}
