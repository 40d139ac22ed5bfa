"""Authorisation matrix rows for the practice feature."""

from __future__ import annotations

# (endpoint, method, path template, roles allowed); placeholders come from objects() below.
ROWS: list[tuple[str, str, str, tuple[str, ...]]] = []


def objects(people) -> dict[str, object]:
    """Objects the practice routes take ids of (made in the test database)."""
    return {}
