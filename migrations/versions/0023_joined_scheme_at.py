"""When each person joined their current scheme (people.joined_scheme_at), the lower bound of
their practice dates: backfilled from the audit trail's last move into that scheme
(``person.updated`` with a new scheme_id), else from when the account was made.

Revision ID: 0023
Revises: 0022
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None


def backfill(connection) -> None:
    """Set joined_scheme_at for every person: their last audited move into their current
    scheme, or their account's creation (tests/functional/test_migration_roundtrip.py)."""
    people = sa.table(
        "people",
        sa.column("id", sa.Integer()),
        sa.column("scheme_id", sa.Integer()),
        sa.column("created_at", lms.db.UTCDateTime(timezone=True)),
        sa.column("joined_scheme_at", lms.db.UTCDateTime(timezone=True)),
    )
    audit = sa.table(
        "audit_events",
        sa.column("id", sa.Integer()),
        sa.column("occurred_at", lms.db.UTCDateTime(timezone=True)),
        sa.column("action", sa.String()),
        sa.column("subject_id", sa.String()),
        sa.column("details", sa.JSON()),
    )
    connection.execute(
        people.update()
        .where(people.c.joined_scheme_at.is_(None))
        .values(joined_scheme_at=people.c.created_at)
    )
    schemes = dict(connection.execute(sa.select(people.c.id, people.c.scheme_id)).all())
    moves = connection.execute(
        sa.select(audit.c.subject_id, audit.c.occurred_at, audit.c.details)
        .where(audit.c.action == "person.updated")
        .order_by(audit.c.id)
    )
    moved: dict[int, object] = {}
    for subject_id, occurred_at, details in moves:
        before, after = (details or {}).get("before", {}), (details or {}).get("after", {})
        person_id = int(subject_id) if str(subject_id).isdigit() else None
        if person_id not in schemes or before.get("scheme_id") == after.get("scheme_id"):
            continue
        if after.get("scheme_id") == schemes[person_id]:
            moved[person_id] = occurred_at  # the latest move into the scheme they are in now
    for person_id, occurred_at in moved.items():
        connection.execute(
            people.update().where(people.c.id == person_id).values(joined_scheme_at=occurred_at)
        )


def upgrade() -> None:
    # A plain ADD COLUMN on SQLite too (no table re-creation under foreign keys).
    op.add_column(
        "people", sa.Column("joined_scheme_at", lms.db.UTCDateTime(timezone=True), nullable=True)
    )
    backfill(op.get_bind())


def downgrade() -> None:
    # In place (SQLite 3.35 and later): re-creating ``people`` would fail under foreign keys.
    if op.get_bind().dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35):
        raise RuntimeError(
            "Downgrading needs SQLite 3.35 or newer (ALTER TABLE ... DROP COLUMN); this is "
            f"{sqlite3.sqlite_version}."
        )
    op.drop_column("people", "joined_scheme_at")
