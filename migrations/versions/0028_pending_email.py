"""An email address a person adds to their own account waits here until they confirm it from
the link sent to it (lms/accounts/emails.py); the time says when the link was sent.

Revision ID: 0028
Revises: 0027
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ADD COLUMN on both databases (no batch re-create under the people foreign keys).
    op.add_column("people", sa.Column("pending_email", sa.String(length=254), nullable=True))
    op.add_column(
        "people", sa.Column("pending_email_at", lms.db.UTCDateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35):
        raise RuntimeError(
            "Downgrading needs SQLite 3.35 or newer (ALTER TABLE ... DROP COLUMN); this is "
            f"{sqlite3.sqlite_version}."
        )
    op.drop_column("people", "pending_email_at")
    op.drop_column("people", "pending_email")
