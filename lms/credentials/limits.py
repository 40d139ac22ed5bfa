"""How big and how tangled a credential may be before we canonicalise it.

RDFC-1.0 canonicalisation (PyLD) costs time that grows exponentially with blank nodes that
point at each other (a 1.8 KiB document with eight of them took a minute) and quadratically
with long arrays. Anyone may ask us to verify a credential, so the shape is checked first, in
microseconds: our own credentials are far inside these limits.
"""

from __future__ import annotations

from typing import Any

from lms.json_depth import nesting_depth

MAX_DEPTH = 16
MAX_NODES = 1_000  # every object, array and value, counted once
MAX_ITEMS = 100  # in any one array
MAX_STRING = 50_000  # characters in one string (a full status list is about 22,000)
TOO_BIG = (
    "The credential is too large or too deeply nested to check here (at most {depth} levels, "
    "{nodes} values, {items} items in a list)."
)
BLANK_ID = "The credential names a blank node (an id starting _:), which is not accepted here."


MAX_JSON_DEPTH = 64


def shallow_json(data: bytes, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether ``data`` nests no deeper than ``limit``, read before ``json.loads``
    (``lms.json_depth``: the parser recurses)."""
    return nesting_depth(data) <= limit


class ShapeError(ValueError):
    """The document is outside the limits; the message says which."""


def check_shape(document: Any) -> None:
    """Raise ShapeError unless ``document`` is within every limit (iterative: no recursion)."""
    too_big = ShapeError(TOO_BIG.format(depth=MAX_DEPTH, nodes=MAX_NODES, items=MAX_ITEMS))
    stack: list[tuple[Any, int]] = [(document, 1)]
    seen = 0
    while stack:
        value, depth = stack.pop()
        seen += 1
        if seen > MAX_NODES or depth > MAX_DEPTH:
            raise too_big
        if isinstance(value, dict):
            for key, item in value.items():
                if len(key) > MAX_STRING:
                    raise too_big
                if key in ("id", "@id") and isinstance(item, str) and item.startswith("_:"):
                    raise ShapeError(BLANK_ID)
                stack.append((item, depth + 1))
        elif isinstance(value, list):
            if len(value) > MAX_ITEMS:
                raise too_big
            stack.extend((item, depth + 1) for item in value)
        elif isinstance(value, str) and len(value) > MAX_STRING:
            raise too_big
