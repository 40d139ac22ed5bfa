"""The mentor's own area: the contact log (contact_logs) and a mentor's request to end a match
(matches.end_asked_at, matches.end_asked_reason).

Revision ID: 0017
Revises: 0016
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("matches") as batch_op:
        batch_op.add_column(
            sa.Column("end_asked_at", lms.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("end_asked_reason", sa.Text(), nullable=True))
    op.create_table(
        "contact_logs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("match_id", sa.Integer(), nullable=False),
        sa.Column("mentor_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=False),
        sa.Column("concern", sa.Boolean(), nullable=False),
        sa.Column("recorded_at", lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "kind in ('in_person', 'phone', 'gate')", name=op.f("ck_contact_logs_kind_known")
        ),
        sa.CheckConstraint(
            "minutes > 0 and minutes <= 1440", name=op.f("ck_contact_logs_minutes_range")
        ),
        sa.ForeignKeyConstraint(
            ["match_id"], ["matches.id"], name=op.f("fk_contact_logs_match_id_matches")
        ),
        sa.ForeignKeyConstraint(
            ["mentor_id"], ["people.id"], name=op.f("fk_contact_logs_mentor_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contact_logs")),
    )
    op.create_index(
        "ix_contact_logs_match_held", "contact_logs", ["match_id", "held_on"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_contact_logs_match_held", table_name="contact_logs")
    op.drop_table("contact_logs")
    with op.batch_alter_table("matches") as batch_op:
        batch_op.drop_column("end_asked_reason")
        batch_op.drop_column("end_asked_at")
