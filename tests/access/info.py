"""Authorisation matrix rows for the help, privacy and accessibility pages and the favicon:
public, so open to everyone, signed in or not."""

from __future__ import annotations

from tests.access import EVERYONE

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("info.help_page", "GET", "/help", EVERYONE),
    ("info.privacy", "GET", "/privacy", EVERYONE),
    ("info.accessibility", "GET", "/accessibility", EVERYONE),
    ("info.favicon", "GET", "/favicon.ico", EVERYONE),
]


def objects(people) -> dict[str, object]:
    """The info routes take no ids."""
    return {}
