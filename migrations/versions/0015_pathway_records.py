"""Optional pathways in records: which pathway's people a practice session was with
(practice_entries.pathway), and mentees on the women's pathway (mentees.womens_pathway).

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
    with op.batch_alter_table("mentees") as batch_op:
        batch_op.add_column(
            sa.Column("womens_pathway", sa.Boolean(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("mentees") as batch_op:
        batch_op.drop_column("womens_pathway")
    with op.batch_alter_table("practice_entries") as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.drop_column("pathway")
