"""The expense lists issue the same few statements for one claim as for many (no N+1)."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from sqlalchemy import event, select

from lms.accounts.models import Role
from lms.expenses import services
from lms.extensions import db
from lms.ukdates import uk_today
from tests.access.expenses import make_contact
from tests.conftest import sign_in
from tests.factories import make_person
from tests.functional.test_query_budgets import BUDGETS

PAGES = {
    "mentor expenses": ("mentor", "/expenses/"),
    "expense claims": ("coord", "/expenses/claims"),
}


@contextmanager
def _counting():
    seen: list[str] = []

    def listener(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)


def _claims(mentor, coordinator, how_many: int) -> None:
    """``how_many`` more claims, each on a contact of its own."""
    for number in range(how_many):
        details = services.ClaimDetails("travel", 100 + number, f"Bus {number}")
        services.submit(db.session, mentor, _another(mentor, coordinator), details, uk_today())
    db.session.commit()


def _another(mentor, coordinator):
    from lms.matching.models import ContactLog, Match

    match = db.session.scalar(select(Match).where(Match.mentor_id == mentor.id))
    if match is None:
        return make_contact(mentor, coordinator)
    contact = ContactLog(
        match_id=match.id, mentor_id=mentor.id, held_on=uk_today(), kind="phone", minutes=10
    )
    db.session.add(contact)
    db.session.commit()
    return contact


def _count(app, email: str, path: str) -> int:
    client = app.test_client()
    sign_in(client, email)
    client.get(path)
    with _counting() as seen:
        assert client.get(path).status_code == 200
    return len(seen)


@pytest.mark.parametrize("page", sorted(PAGES))
def test_expense_lists_stay_within_budget_however_many_claims(app, people, page):
    coordinator = people["coordinator"]
    mentor = make_person("m@example.org", "Mo", [Role.TRAINEE], coordinator.scheme)
    who, path = PAGES[page]
    email = (mentor if who == "mentor" else coordinator).email
    _claims(mentor, coordinator, 1)
    one = _count(app, email, path)
    _claims(mentor, coordinator, 6)
    many = _count(app, email, path)
    assert one == many <= BUDGETS[page], (one, many)
