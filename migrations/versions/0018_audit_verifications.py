"""Each check of the audit trail (audit_verifications): when, passed or not, events read,
problems found, and whether the CLI or the nightly job ran it.

Revision ID: 0018
Revises: 0017
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit_verifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("events_checked", sa.Integer(), nullable=False),
        sa.Column("problems", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=10), nullable=False),
        sa.CheckConstraint(
            "source in ('cli', 'job')", name=op.f("ck_audit_verifications_source_known")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_verifications")),
    )
    op.create_index(
        op.f("ix_audit_verifications_at"), "audit_verifications", ["at"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_verifications_at"), table_name="audit_verifications")
    op.drop_table("audit_verifications")
