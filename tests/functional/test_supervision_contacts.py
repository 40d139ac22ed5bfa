"""The supervision page's recent contacts: the newest ten of each live match, cut by the
database (a window per match), in three statements (matches, mentees, contacts) however many."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import event

from lms.accounts.models import Role
from lms.extensions import db
from lms.matching.models import ContactLog
from lms.matching.supervision import services
from lms.ukdates import uk_today
from tests.factories import make_match, make_mentee, make_mentor, make_person


def _contacts(match, how_many: int, same_day: int = 0) -> list[int]:
    """``how_many`` contacts on successive days back from today (the first ``same_day`` of them
    all today, so the id breaks the tie); their ids newest first."""
    rows = []
    for n in range(how_many):
        days = 0 if n < same_day else n
        rows.append(
            ContactLog(
                match_id=match.id,
                mentor_id=match.mentor_id,
                held_on=uk_today() - timedelta(days=days),
                kind="phone",
                minutes=10,
            )
        )
    db.session.add_all(rows)
    db.session.commit()
    return [c.id for c in sorted(rows, key=lambda c: (c.held_on, c.id), reverse=True)]


def test_the_newest_ten_of_each_match_in_three_statements(people):
    scheme = people["trainee"].scheme
    mentor = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], scheme)
    make_mentor(mentor)
    busy = make_match(mentor, make_mentee(scheme, "LS-1"), created_by=people["coordinator"])
    quiet = make_match(mentor, make_mentee(scheme, "LS-2"), created_by=people["coordinator"])
    ended = make_match(mentor, make_mentee(scheme, "LS-3"), "ended", people["coordinator"])
    busy_ids = _contacts(busy, 14, same_day=3)
    quiet_ids = _contacts(quiet, 3)
    _contacts(ended, 2)
    scheme_id, _ = scheme.id, mentor.id  # loaded now, not inside the count
    statements: list[str] = []

    def listener(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        found = services.recent_contacts(db.session, mentor, scheme_id)
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    shown = {match.id: [c.id for c in contacts] for match, contacts in found}
    assert shown == {busy.id: busy_ids[: services.CONTACTS_SHOWN], quiet.id: quiet_ids}
    assert len(statements) == 3, statements  # matches, their mentees, the contacts
    assert "row_number() over" in statements[-1].lower()
