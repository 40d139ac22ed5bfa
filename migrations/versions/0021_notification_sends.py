"""What the notification jobs have sent: certificate expiry warnings (expiry_warnings, one per
certificate and days before) and the daily "work waiting" email (work_digests, one per person
and UK day). Warnings the sweep already sent (certificates.reminders_sent) are carried over,
so nobody is warned twice when the notification job takes over.

Revision ID: 0021
Revises: 0020
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "expiry_warnings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("certificate_id", sa.Integer(), nullable=False),
        sa.Column("days_before", sa.Integer(), nullable=False),
        sa.Column("sent_at", lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "days_before > 0", name=op.f("ck_expiry_warnings_days_before_positive")
        ),
        sa.ForeignKeyConstraint(
            ["certificate_id"],
            ["certificates.id"],
            name=op.f("fk_expiry_warnings_certificate_id_certificates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_expiry_warnings")),
        sa.UniqueConstraint(
            "certificate_id", "days_before", name="uq_expiry_warnings_certificate_days"
        ),
    )
    op.create_table(
        "work_digests",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("sent_at", lms.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"], ["people.id"], name=op.f("fk_work_digests_person_id_people")
        ),
        sa.PrimaryKeyConstraint("person_id", "day", name=op.f("pk_work_digests")),
    )
    _carry_over_reminders()


def _carry_over_reminders(bind=None) -> None:
    """One warning row for each threshold a current certificate's sweep reminders covered; when
    they went is not known, so the time of the migration stands in. ``bind`` is the migration's
    connection unless a test passes one (tests/functional/test_notification_sends_migration.py)."""
    certificates = sa.table(
        "certificates",
        sa.column("id", sa.Integer()),
        sa.column("current", sa.Boolean()),
        sa.column("reminders_sent", sa.JSON()),
    )
    warnings = sa.table(
        "expiry_warnings",
        sa.column("certificate_id", sa.Integer()),
        sa.column("days_before", sa.Integer()),
        sa.column("sent_at", lms.db.UTCDateTime(timezone=True)),
    )
    bind = bind if bind is not None else op.get_bind()
    now = lms.db.utcnow()
    stmt = sa.select(certificates.c.id, certificates.c.reminders_sent)
    rows = [
        {"certificate_id": cert_id, "days_before": int(days), "sent_at": now}
        for cert_id, sent in bind.execute(stmt.where(certificates.c.current))
        for days in sorted(set(sent or []))
    ]
    if rows:
        bind.execute(warnings.insert(), rows)


def downgrade() -> None:
    op.drop_table("work_digests")
    op.drop_table("expiry_warnings")
