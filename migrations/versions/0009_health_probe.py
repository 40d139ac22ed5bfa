"""the health check's one-row write probe

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01 10:40:00

"""

import sqlalchemy as sa
from alembic import op

from lms.db import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "health_probe",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("checked_at", UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint("id = 1", name=op.f("ck_health_probe_single_row")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_health_probe")),
    )


def downgrade():
    op.drop_table("health_probe")
