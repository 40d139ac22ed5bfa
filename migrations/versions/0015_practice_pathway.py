"""Practice sessions say which optional pathway's people they were with (practice_entries.pathway).

Revision ID: 0015
Revises: 0014
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

NAME = "ck_practice_entries_pathway_known"


def upgrade() -> None:
    with op.batch_alter_table("practice_entries") as batch_op:
        batch_op.add_column(sa.Column("pathway", sa.String(length=40), nullable=True))
        batch_op.create_check_constraint(
            op.f(NAME), "pathway is null or pathway in ('young-people', 'women')"
        )


def downgrade() -> None:
    with op.batch_alter_table("practice_entries") as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.drop_column("pathway")
