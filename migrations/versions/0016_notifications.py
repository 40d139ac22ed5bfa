"""Notifications (an in-site list per person) and each person's email choice for them.

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("text", sa.String(length=200), nullable=False),
        sa.Column("link", sa.String(length=300), nullable=False),
        sa.Column("created_at", lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("read_at", lms.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("digest_due", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_notifications_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
    )
    op.create_index(
        "ix_notifications_person_id_read_at", "notifications", ["person_id", "read_at"]
    )
    op.create_index(
        "ix_notifications_person_id_created_at", "notifications", ["person_id", "created_at"]
    )
    op.create_table(
        "notification_settings",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("email_choice", sa.String(length=10), nullable=False),
        sa.Column("last_digest_on", sa.Date(), nullable=True),
        sa.CheckConstraint(
            "email_choice in ('each', 'digest', 'none')",
            name=op.f("ck_notification_settings_email_choice_known"),
        ),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_notification_settings_person_id_people")
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_notification_settings")),
    )


def downgrade() -> None:
    op.drop_table("notification_settings")
    op.drop_index("ix_notifications_person_id_created_at", table_name="notifications")
    op.drop_index("ix_notifications_person_id_read_at", table_name="notifications")
    op.drop_table("notifications")
