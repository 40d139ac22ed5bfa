"""Authorisation matrix rows for the practice feature."""

from __future__ import annotations

from tests.access import STAFF, TRAINEE, TRAINER

ENTRY = "/practice/{practice_entry}"
REVIEW = "/practice/review/{practice_entry}"
SIGN_OFF = "/practice/review/{observed_entry}/sign-off"

# (endpoint, method, path template, roles allowed); placeholders come from objects() below.
ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("practice.log", "GET", "/practice/", (TRAINEE,)),
    ("practice.print_log", "GET", "/practice/print", (TRAINEE,)),
    ("practice.log_csv", "GET", "/practice/log.csv", (TRAINEE,)),
    ("practice.new", "GET", "/practice/new", (TRAINEE,)),
    ("practice.new", "POST", "/practice/new", (TRAINEE,)),
    ("practice.entry", "GET", ENTRY, (TRAINEE,)),
    ("practice.edit", "GET", f"{ENTRY}/edit", (TRAINEE,)),
    ("practice.edit", "POST", f"{ENTRY}/edit", (TRAINEE,)),
    ("practice.withdraw", "GET", f"{ENTRY}/withdraw", (TRAINEE,)),
    ("practice.withdraw", "POST", f"{ENTRY}/withdraw", (TRAINEE,)),
    ("practice.queue", "GET", "/practice/queue", (TRAINER,)),
    ("practice.record", "GET", "/practice/record", (TRAINER,)),
    ("practice.record", "POST", "/practice/record", (TRAINER,)),
    ("practice.confirm_selected", "POST", "/practice/queue/confirm", (TRAINER,)),
    ("practice.review", "GET", REVIEW, STAFF),
    ("practice.decide", "POST", REVIEW, (TRAINER,)),
    ("practice.sign_off", "GET", SIGN_OFF, (TRAINER,)),
    ("practice.sign_off", "POST", SIGN_OFF, (TRAINER,)),
    ("practice.scheme_entries", "GET", "/practice/scheme", STAFF),
    ("practice.scheme_csv", "GET", "/practice/scheme.csv", STAFF),
]


def objects(people) -> dict[str, object]:
    """Objects the practice routes take ids of (made in the test database)."""
    from tests.factories import make_practice_entry

    entry = make_practice_entry(people["trainee"], people["trainer"])
    observed = make_practice_entry(people["trainee"], people["trainer"], kind="observed")
    return {"practice_entry": entry.id, "observed_entry": observed.id}
