"""An account's status in one place: active (signed up), invited (not yet accepted) or
deactivated, so the people list's filter, its tags and every count on a home page agree."""

from __future__ import annotations

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person

ACTIVE, INVITED, DEACTIVATED = "active", "invited", "deactivated"

# The WHERE clause of each status; the three never overlap and together cover everyone.
WHERE = {
    ACTIVE: and_(Person.active.is_(True), Person.password_hash.is_not(None)),
    INVITED: and_(Person.active.is_(True), Person.password_hash.is_(None)),
    DEACTIVATED: Person.active.is_(False),
}


def status_of(person: Person) -> str:
    """The status the people list's tag shows for ``person``."""
    if not person.active:
        return DEACTIVATED
    return ACTIVE if person.has_password else INVITED


def counts(session: Session, scheme_id: int | None = None) -> dict[str, int]:
    """How many people have each status (and ``total``), in one statement; a scheme's only
    when ``scheme_id`` is given."""
    columns = [func.count(case((clause, 1))).label(name) for name, clause in WHERE.items()]
    stmt = select(func.count(Person.id).label("total"), *columns)
    if scheme_id is not None:
        stmt = stmt.where(Person.scheme_id == scheme_id)
    row = session.execute(stmt).one()
    return {"total": row.total, **{name: getattr(row, name) for name in WHERE}}
