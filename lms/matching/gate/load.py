"""A mentor's load: the one definition of which matches take up one of their places.

Proposed, active and paused matches all hold a place (a paused match resumes with the same
mentor), so all three count. The gate, the screening statement (and so ranking and the
dashboard) and the register CSV all read load from here.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import ColumnElement, ScalarSelect, func, select
from sqlalchemy.orm import Session

from lms.matching.models import ACTIVE, PAUSED, PROPOSED, Match

OPEN_STATUSES = (PROPOSED, ACTIVE, PAUSED)
# Keeps every IN (...) list well inside SQLite's and PostgreSQL's bound-parameter limits.
CHUNK = 5000


def is_open(status: ColumnElement[str]) -> ColumnElement[bool]:
    """Whether a match with this status holds one of its mentor's places."""
    return status.in_(OPEN_STATUSES)


def chunks(ids: list[int]) -> Iterator[list[int]]:
    """``ids`` in slices of at most CHUNK (one empty slice when there are none)."""
    if not ids:
        yield []
        return
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def loads(
    session: Session, mentor_ids: list[int], *, ignore_match_id: int | None = None
) -> dict[int, int]:
    """Each mentor's load (mentors with none are left out), leaving out one match if asked."""
    found: dict[int, int] = {}
    for chunk in chunks(mentor_ids):
        if not chunk:
            continue
        stmt = select(Match.mentor_id, func.count(Match.id)).where(
            Match.mentor_id.in_(chunk), is_open(Match.status)
        )
        if ignore_match_id is not None:
            stmt = stmt.where(Match.id != ignore_match_id)
        found.update(dict(session.execute(stmt.group_by(Match.mentor_id)).all()))
    return found


def load_of(mentor_id: ColumnElement[int]) -> ScalarSelect[int]:
    """The load of the mentor in ``mentor_id``, as a correlated SQL subquery."""
    return (
        select(func.count(Match.id))
        .where(Match.mentor_id == mentor_id, is_open(Match.status))
        .scalar_subquery()
    )
