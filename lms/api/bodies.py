"""Request bodies for the scheme API, validated by pydantic, with errors that name the field."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from flask import request
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from lms.matching.models import NEEDS


class ApiInputError(Exception):
    """Bad JSON (400) or a body that does not fit (422); ``fields`` names each problem."""

    def __init__(self, status: int, message: str, fields: list[dict[str, str]] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.fields = fields or []


class VerifyBatch(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    numbers: list[str] = Field(min_length=1, max_length=100)


class NewMentee(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    reference: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9][A-Za-z0-9 _./-]*$")
    area: str = Field(default="", max_length=100)
    gender: Literal["woman", "man", "non_binary", "not_said"] = "not_said"
    gender_preference: Literal["none", "woman", "man"] = "none"
    under_18: bool = False
    needs: list[Literal[tuple(NEEDS)]] = Field(default_factory=list)  # type: ignore[valid-type]
    languages: list[str] = Field(default_factory=list, max_length=10)
    in_custody: bool = False
    release_date: date | None = Field(default=None, strict=False)  # "2026-12-01" in JSON
    mappa_level: Literal[1, 2, 3] | None = None
    high_risk: bool = False
    probation_agreed: bool = False


class NewMatch(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    mentor_id: int = Field(ge=1, le=2**31 - 1)
    mentee_reference: str = Field(min_length=1, max_length=40)


def parse(model: type[BaseModel]) -> Any:
    """The request's JSON body as ``model``, or ApiInputError saying what is wrong and where."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ApiInputError(400, "Send a JSON object with Content-Type: application/json.")
    try:
        # Dates arrive as strings in JSON; allow that one conversion.
        return (
            model.model_validate(data, strict=False)
            if "release_date" in data
            else (model.model_validate(data))
        )
    except ValidationError as exc:
        fields = [
            {"field": ".".join(str(p) for p in e["loc"]) or "body", "message": e["msg"]}
            for e in exc.errors()
        ]
        first = fields[0]
        raise ApiInputError(422, f"{first['field']}: {first['message']}", fields) from exc
