"""Open Badges credentials: one signed credential per certificate, with its status-list indexes,
and the two signed status lists (revocation, suspension) every app server serves.

Revision ID: 0029
Revises: 0028
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "badge_credentials",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("certificate_id", sa.Integer(), sa.ForeignKey("certificates.id"), nullable=False),
        sa.Column("json", sa.Text(), nullable=False),
        sa.Column("revocation_index", sa.Integer(), nullable=False),
        sa.Column("suspension_index", sa.Integer(), nullable=False),
        sa.Column("created_at", lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("certificate_id", name="uq_badge_credentials_certificate_id"),
        sa.UniqueConstraint("revocation_index", name="uq_badge_credentials_revocation_index"),
        sa.UniqueConstraint("suspension_index", name="uq_badge_credentials_suspension_index"),
    )
    op.create_table(
        "status_lists",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("json", sa.Text(), nullable=False),
        sa.Column("updated_at", lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.UniqueConstraint("purpose", name="uq_status_lists_purpose"),
    )


def downgrade() -> None:
    op.drop_table("status_lists")
    op.drop_table("badge_credentials")
