"""Request bodies for the scheme API, validated by pydantic, with errors that name the field.

Bodies are read strictly: valid JSON, an object at the top, no deeper than ``MAX_DEPTH`` levels
(checked before parsing, so a deeply nested body cannot exhaust the parser's recursion), then
validated by pydantic in strict JSON mode: no coercion (``"yes"`` and ``1`` are not booleans,
``"1"`` is not a number; dates are ISO ``YYYY-MM-DD`` strings) and no unknown fields. The
OpenAPI document's request schemas are generated from these models (``lms.api.openapi_kit``).
"""

from __future__ import annotations

import json
from datetime import date
from typing import Annotated, Any, Literal

from flask import g, request
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from lms.accounts.text import hidden_characters
from lms.json_depth import nesting_depth
from lms.matching.fields import MAX_LANGUAGE_LENGTH, MAX_LANGUAGES
from lms.matching.mentees.fields import (
    AREA_LENGTH,
    MAPPA_LEVELS,
    REFERENCE_LENGTH,
    REFERENCE_PATTERN,
)
from lms.matching.models import (
    CONTACT_KINDS,
    CONTACT_NOTE_LENGTH,
    GENDER_PREFERENCES,
    GENDERS,
    NEEDS,
)

MAX_DEPTH = 32
NOT_JSON = "Send a JSON object with Content-Type: application/json."
TOO_DEEP = (
    f"The JSON body is nested more than {MAX_DEPTH} levels deep. Send the flat object the API "
    "description shows."
)


class ApiInputError(Exception):
    """Bad JSON (400) or a body that does not fit (422); ``fields`` names each problem."""

    def __init__(self, status: int, message: str, fields: list[dict[str, str]] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or []


def _no_hidden(value: str) -> str:
    hidden = hidden_characters(value)
    if hidden:
        raise ValueError(
            f"contains invisible or control characters ({', '.join(hidden)}); send plain text"
        )
    return value


# Free text that people will read: no control, zero-width or text-direction characters.
PlainText = Annotated[str, AfterValidator(_no_hidden)]


class StrictBody(BaseModel):
    """Every body: unknown fields refused, no type coercion."""

    model_config = ConfigDict(extra="forbid", strict=True)


class VerifyBatch(StrictBody):
    numbers: list[str] = Field(min_length=1, max_length=100)


class NewMentee(StrictBody):
    reference: str = Field(min_length=1, max_length=REFERENCE_LENGTH, pattern=REFERENCE_PATTERN)
    area: PlainText = Field(default="", max_length=AREA_LENGTH)
    gender: Literal[tuple(GENDERS)] = "not_said"  # type: ignore[valid-type]
    gender_preference: Literal[tuple(GENDER_PREFERENCES)] = "none"  # type: ignore[valid-type]
    under_18: bool = False
    womens_pathway: bool = False
    needs: list[Literal[tuple(NEEDS)]] = Field(default_factory=list)  # type: ignore[valid-type]
    languages: list[Annotated[PlainText, Field(max_length=MAX_LANGUAGE_LENGTH)]] = Field(
        default_factory=list, max_length=MAX_LANGUAGES
    )
    in_custody: bool = False
    release_date: date | None = None  # strict JSON mode takes "2026-12-01", nothing else
    mappa_level: Literal[MAPPA_LEVELS] | None = None  # type: ignore[valid-type]
    high_risk: bool = False
    probation_agreed: bool = False


class NewMatch(StrictBody):
    mentor_id: int = Field(ge=1, le=2**31 - 1)
    mentee_reference: str = Field(min_length=1, max_length=REFERENCE_LENGTH)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def json_object() -> dict[str, Any]:
    """The request's body as a JSON object (read once per request), or ApiInputError (400)."""
    if "json_object" in g:
        return g.json_object
    if not request.is_json:
        raise ApiInputError(400, NOT_JSON)
    raw = request.get_data(cache=True)
    if nesting_depth(raw) > MAX_DEPTH:
        raise ApiInputError(400, TOO_DEEP, [{"field": "body", "message": TOO_DEEP}])
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise ApiInputError(400, f"The body is not valid JSON. {NOT_JSON}") from exc
    if not isinstance(data, dict):
        raise ApiInputError(400, NOT_JSON)
    g.json_object = data
    return data


def parse(model: type[BaseModel]) -> Any:
    """The request's JSON body as ``model``, or ApiInputError saying what is wrong and where."""
    json_object()
    try:
        return model.model_validate_json(request.get_data(cache=True), strict=True)
    except ValidationError as exc:
        fields = [
            {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
            for e in exc.errors()
        ]
        first = fields[0]
        raise ApiInputError(422, f"{first['field']}: {first['message']}", fields) from exc


def batch_size() -> int:
    """How many numbers a verification batch asks about: a body that will be refused (not
    JSON, no numbers, more than 100) counts as one check."""
    try:
        numbers = json_object().get("numbers")
    except ApiInputError:
        return 1
    return len(numbers) if isinstance(numbers, list) and 1 <= len(numbers) <= 100 else 1


class NewContact(StrictBody):
    """A contact the mentor had, as the scheme's own system recorded it."""

    held_on: date
    kind: Literal[tuple(CONTACT_KINDS)]  # type: ignore[valid-type]
    minutes: int = Field(ge=1, le=1440)
    note: PlainText = Field(default="", max_length=CONTACT_NOTE_LENGTH)
    concern: bool = False
