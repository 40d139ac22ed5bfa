"""Outbox messages to a person deactivated before they went are 'cancelled', never sent.

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

NAME = "ck_outbox_messages_status_known"
KNOWN = "status in ('pending', 'sending', 'sent', 'failed', 'cancelled')"
BEFORE = "status in ('pending', 'sending', 'sent', 'failed')"


def upgrade() -> None:
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.create_check_constraint(op.f(NAME), KNOWN)


def downgrade() -> None:
    op.execute("UPDATE outbox_messages SET status = 'failed' WHERE status = 'cancelled'")
    with op.batch_alter_table("outbox_messages") as batch_op:
        batch_op.drop_constraint(op.f(NAME), type_="check")
        batch_op.create_check_constraint(op.f(NAME), BEFORE)
