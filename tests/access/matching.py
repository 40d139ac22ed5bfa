"""Authorisation matrix rows for the matching pages."""

from __future__ import annotations

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = []


def objects(people) -> dict[str, object]:
    """Objects the matching routes take ids of (made in the test database)."""
    return {}
