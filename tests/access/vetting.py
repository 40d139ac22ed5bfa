"""Authorisation matrix rows for DBS checks."""

from __future__ import annotations

from tests.access import ADMIN, COORD

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("vetting.index", "GET", "/vetting/", (COORD, ADMIN)),
    ("vetting.checks_csv", "GET", "/vetting/checks.csv", (COORD, ADMIN)),
    ("vetting.person", "GET", "/vetting/people/{trainee_id}", (COORD, ADMIN)),
    ("vetting.person", "POST", "/vetting/people/{trainee_id}", (COORD, ADMIN)),
    ("vetting.in_error", "GET", "/vetting/checks/{check_id}/error", (COORD, ADMIN)),
    ("vetting.in_error", "POST", "/vetting/checks/{check_id}/error", (COORD, ADMIN)),
]


def objects(people) -> dict[str, object]:
    from tests.factories import record_vetting

    made: dict[str, object] = {"trainee_id": people["trainee"].id}
    made["check_id"] = record_vetting(people["trainee"], people["coordinator"]).id
    return made
