"""Authorisation matrix rows for a scheme's settings page."""

from __future__ import annotations

from tests.access import ADMIN, COORD

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("scheme_settings.mine", "GET", "/scheme-settings/", (COORD, ADMIN)),
    ("scheme_settings.edit", "GET", "/scheme-settings/{scheme_id}", (COORD, ADMIN)),
    ("scheme_settings.edit", "POST", "/scheme-settings/{scheme_id}", (COORD, ADMIN)),
]


def objects(people) -> dict[str, object]:
    return {"scheme_id": people["coordinator"].scheme_id}
