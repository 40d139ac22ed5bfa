"""Authorisation matrix rows for scenario answers and marking."""

from __future__ import annotations

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = []


def objects(people) -> dict[str, object]:
    """Objects the assessment routes take ids of (made in the test database)."""
    return {}
