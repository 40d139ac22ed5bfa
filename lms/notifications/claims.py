"""Claiming a send once: insert the rows that record it, skipping any already there, and learn
which were new. Two runs of a job at once (two workers, a retry) cannot both claim a row."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session


def claim(
    session: Session, model: type, rows: list[dict[str, Any]], keys: list[str], back: Any
) -> set[Any]:
    """Insert ``rows`` of ``model`` unless their unique ``keys`` are taken (ON CONFLICT DO
    NOTHING); the values of ``back`` in the rows this call inserted."""
    if not rows:
        return set()
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    stmt = (
        dialect.insert(model)
        .values(rows)
        .on_conflict_do_nothing(index_elements=keys)
        .returning(back)
    )
    return set(session.scalars(stmt))
