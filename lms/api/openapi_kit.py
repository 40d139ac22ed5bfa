"""Building blocks of the OpenAPI document: schemas generated from pydantic models, and the
request body and response objects that point at them.

Both halves of the document (``openapi`` for the public calls, ``openapi_scheme`` for the calls
made with a key) are built from these, so neither imports the other's internals.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema

REF = "#/components/schemas/{model}"

KEY_IN_QUERY = (
    "An API key was sent in the query string (`key_in_query`): send it only in the "
    "Authorization header."
)


class _Schema(GenerateJsonSchema):
    """Pydantic's JSON Schema, without a title on every property (the names say it)."""

    def field_title_should_be_set(self, schema: Any) -> bool:
        return False


def schemas(*models: type[BaseModel]) -> dict[str, Any]:
    """``components/schemas`` for ``models`` and every model they use, keyed by class name."""
    found: dict[str, Any] = {}
    for model in models:
        schema = model.model_json_schema(ref_template=REF, schema_generator=_Schema)
        found.update(schema.pop("$defs", {}))
        found[model.__name__] = schema
    return found


def ref(model: type[BaseModel]) -> dict[str, str]:
    """A reference to ``model``'s schema under ``components/schemas``."""
    return {"$ref": REF.format(model=model.__name__)}


def json_response(
    model: type[BaseModel] | list[type[BaseModel]], description: str, **extra: Any
) -> dict[str, Any]:
    """A response whose JSON body is ``model`` (or any one of a list of models)."""
    schema = {"anyOf": [ref(m) for m in model]} if isinstance(model, list) else ref(model)
    return {
        "description": description,
        "content": {"application/json": {"schema": schema}},
        **extra,
    }


def json_body(model: type[BaseModel]) -> dict[str, Any]:
    """A required JSON request body validated by ``model``."""
    return {"required": True, "content": {"application/json": {"schema": ref(model)}}}


def header(name: str) -> dict[str, str]:
    """A reference to one of the document's reusable headers."""
    return {"$ref": f"#/components/headers/{name}"}


RETRY_AFTER = {"Retry-After": header("RetryAfter")}
