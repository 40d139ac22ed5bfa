"""How deeply a JSON body nests, read before it is parsed (the parser recurses).

A RecursionError deep inside ``json.loads`` can leave CPython 3.11's own recursion count out of
step, after which that process fails to compile templates; so every body anyone may send is
measured first, without parsing or recursing, and refused when it nests too deeply.
"""

from __future__ import annotations

import json
import re
from typing import Any

# A JSON string (its brackets do not count), or one bracket.
_TOKENS = re.compile(rb'"(?:\\.|[^"\\])*"|[\[\]{}]', re.DOTALL)


class TooDeep(ValueError):
    """The body nests more deeply than allowed."""


def nesting_depth(raw: bytes) -> int:
    """How deeply arrays and objects nest in ``raw`` (0 for a bare value)."""
    depth = deepest = 0
    for token in _TOKENS.finditer(raw):
        bracket = token.group()
        if bracket in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        elif bracket in (b"]", b"}"):
            depth -= 1
    return deepest


def loads(raw: bytes, limit: int) -> Any:
    """``raw`` parsed, or TooDeep when it nests deeper than ``limit`` (ValueError if not JSON)."""
    if nesting_depth(raw) > limit:
        raise TooDeep(f"The JSON nests more than {limit} levels deep.")
    return json.loads(raw)
