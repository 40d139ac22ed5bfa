"""A flagged concern looked at: contact_logs.concern_reviewed_at and concern_reviewed_by_id.

Revision ID: 0019
Revises: 0018
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contact_logs") as batch_op:
        batch_op.add_column(
            sa.Column("concern_reviewed_at", lms.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("concern_reviewed_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_contact_logs_concern_reviewed_by_id_people"),
            "people",
            ["concern_reviewed_by_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("contact_logs") as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_contact_logs_concern_reviewed_by_id_people"), type_="foreignkey"
        )
        batch_op.drop_column("concern_reviewed_by_id")
        batch_op.drop_column("concern_reviewed_at")
