"""audit events record their seal: plain sha256 (existing events) or hmac-sha256 under a key id

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01 10:40:00

"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    # Every event already written was chained by plain SHA-256; the keyed chain continues after.
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.add_column(
            sa.Column("seal", sa.String(length=40), server_default="sha256", nullable=False)
        )


def downgrade():
    with op.batch_alter_table("audit_events") as batch_op:
        batch_op.drop_column("seal")
