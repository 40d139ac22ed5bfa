"""Authorisation matrix rows for DBS checks."""

from __future__ import annotations

from tests.access import ADMIN, COORD

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("vetting.index", "GET", "/vetting/", (COORD, ADMIN)),
    ("vetting.person", "GET", "/vetting/people/{trainee_id}", (COORD, ADMIN)),
    ("vetting.person", "POST", "/vetting/people/{trainee_id}", (COORD, ADMIN)),
]


def objects(people) -> dict[str, object]:
    return {"trainee_id": people["trainee"].id}
