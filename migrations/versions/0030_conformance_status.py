"""Status entries for the conformance issuer (POST /credentials/issue, test suites only): the
indexes it has handed out (never reused) and room in status_lists.purpose for its own two lists
("conformance-revocation", "conformance-suspension"), kept apart from the certificates' lists.

Revision ID: 0030
Revises: 0029
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0030"
down_revision = "0029"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Batch: SQLite re-creates the small table (no foreign keys point at it); PostgreSQL alters.
    with op.batch_alter_table("status_lists") as batch_op:
        batch_op.alter_column(
            "purpose", existing_type=sa.String(length=20), type_=sa.String(length=40)
        )
    op.create_table(
        "conformance_status_entries",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("status_index", sa.Integer(), nullable=False),
        sa.Column("credential_id", sa.String(length=500), nullable=True),
        sa.Column("is_set", sa.Boolean(), nullable=False),
        sa.Column("created_at", lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "purpose", "status_index", name="uq_conformance_status_entries_purpose"
        ),
    )
    op.create_index(
        "ix_conformance_status_entries_credential_id",
        "conformance_status_entries",
        ["credential_id"],
    )


def downgrade() -> None:
    op.drop_index(
        "ix_conformance_status_entries_credential_id", table_name="conformance_status_entries"
    )
    op.drop_table("conformance_status_entries")
    op.execute("DELETE FROM status_lists WHERE purpose LIKE 'conformance-%'")
    with op.batch_alter_table("status_lists") as batch_op:
        batch_op.alter_column(
            "purpose", existing_type=sa.String(length=40), type_=sa.String(length=20)
        )
