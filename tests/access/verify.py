"""Authorisation matrix rows for the verify pages."""

from __future__ import annotations

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = []


def objects(people) -> dict[str, object]:
    """Objects the verify routes take ids of (made in the test database)."""
    return {}
