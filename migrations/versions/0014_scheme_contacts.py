"""A scheme's safeguarding lead and named deputy (scheme_contacts).

Revision ID: 0014
Revises: 0013
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "scheme_contacts",
        sa.Column("scheme_id", sa.Integer(), nullable=False),
        sa.Column("safeguarding_lead_id", sa.Integer(), nullable=True),
        sa.Column("safeguarding_deputy_id", sa.Integer(), nullable=True),
        sa.Column("updated_at", lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["scheme_id"],
            ["schemes.id"],
            name=op.f("fk_scheme_contacts_scheme_id_schemes"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["safeguarding_lead_id"],
            ["people.id"],
            name=op.f("fk_scheme_contacts_safeguarding_lead_id_people"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["safeguarding_deputy_id"],
            ["people.id"],
            name=op.f("fk_scheme_contacts_safeguarding_deputy_id_people"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("scheme_id", name=op.f("pk_scheme_contacts")),
    )


def downgrade() -> None:
    op.drop_table("scheme_contacts")
