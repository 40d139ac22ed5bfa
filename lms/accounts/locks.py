"""``lock_person``: serialise one person's accreditation changes (quiz starts, certificates,
matches) until the transaction ends, on PostgreSQL and SQLite alike."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from lms.accounts.models import Person

# The model's table, used as a plain table: the lock reads and writes no ORM object, so nothing
# in the session is flushed, expired or refreshed by it.
_PEOPLE = Person.__table__


def lock_person(session: Session, person_id: int) -> None:
    """Serialise one person's accreditation changes until the transaction ends.

    PostgreSQL: ``SELECT ... FOR UPDATE`` of their row. SQLite has no row locks, and its driver
    runs reads outside any transaction, so two processes could both read "2 attempts used" and
    both add a third: there a no-op write to the row takes the database's write lock first, and
    everything read after it sees what the previous writer committed.
    """
    mine = _PEOPLE.c.id == person_id
    if session.get_bind().dialect.name == "sqlite":
        session.execute(update(_PEOPLE).where(mine).values(name=_PEOPLE.c.name))
    else:
        session.execute(select(_PEOPLE.c.id).where(mine).with_for_update())
