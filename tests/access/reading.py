"""Authorisation matrix rows for the reading settings page: open to everyone, signed in or not
(before sign-in the settings are kept in a cookie)."""

from __future__ import annotations

from tests.access import EVERYONE

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("reading.settings", "GET", "/reading-settings", EVERYONE),
    ("reading.settings", "POST", "/reading-settings", EVERYONE),
]


def objects(people) -> dict[str, object]:
    """The reading settings route takes no ids."""
    return {}
