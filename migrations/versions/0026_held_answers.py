"""Written answer text sent after the writer's sign-in ended (held_answers), kept for a short
while under a cookie's token (only its hash is stored) until they sign in again.

Revision ID: 0026
Revises: 0024
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0026"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "held_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("module_slug", sa.String(length=120), nullable=False),
        sa.Column("scenario_key", sa.String(length=120), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("created_at", lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_held_answers_person_id_people")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_held_answers")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_held_answers_token_hash")),
    )
    with op.batch_alter_table("held_answers", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_held_answers_expires_at"), ["expires_at"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_held_answers_person_id"), ["person_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("held_answers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_held_answers_person_id"))
        batch_op.drop_index(batch_op.f("ix_held_answers_expires_at"))
    op.drop_table("held_answers")
