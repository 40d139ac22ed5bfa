"""Learning outcomes and blueprints, rubric calibration examples, oral answers, resolved flags.

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("module_versions") as batch_op:
        batch_op.add_column(sa.Column("outcomes", sa.JSON(), nullable=True))
    with op.batch_alter_table("questions") as batch_op:
        batch_op.add_column(sa.Column("outcome", sa.String(length=120), nullable=True))
    with op.batch_alter_table("scenario_assessments") as batch_op:
        batch_op.add_column(sa.Column("examples", sa.JSON(), nullable=True))
    with op.batch_alter_table("scenario_submissions") as batch_op:
        batch_op.add_column(
            sa.Column("mode", sa.String(length=20), server_default="written", nullable=False)
        )
        batch_op.add_column(sa.Column("oral_channel", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("oral_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("resolved_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("resolved_at", lms.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("resolution", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            op.f("fk_scenario_submissions_resolved_by_id_people"),
            "people",
            ["resolved_by_id"],
            ["id"],
        )
        batch_op.create_check_constraint(
            op.f("ck_scenario_submissions_mode_known"), "mode in ('written', 'oral')"
        )
        batch_op.create_check_constraint(
            op.f("ck_scenario_submissions_oral_channel_known"),
            "oral_channel is null or oral_channel in ('in_person', 'phone')",
        )


def downgrade() -> None:
    with op.batch_alter_table("scenario_submissions") as batch_op:
        batch_op.drop_constraint(op.f("ck_scenario_submissions_oral_channel_known"), "check")
        batch_op.drop_constraint(op.f("ck_scenario_submissions_mode_known"), "check")
        batch_op.drop_constraint(
            op.f("fk_scenario_submissions_resolved_by_id_people"), type_="foreignkey"
        )
        for name in ("resolution", "resolved_at", "resolved_by_id", "oral_on", "oral_channel"):
            batch_op.drop_column(name)
        batch_op.drop_column("mode")
    with op.batch_alter_table("scenario_assessments") as batch_op:
        batch_op.drop_column("examples")
    with op.batch_alter_table("questions") as batch_op:
        batch_op.drop_column("outcome")
    with op.batch_alter_table("module_versions") as batch_op:
        batch_op.drop_column("outcomes")
