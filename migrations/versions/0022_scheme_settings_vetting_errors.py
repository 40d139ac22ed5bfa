"""Per-scheme settings (DBS recheck interval, practice backdating, practice hours and observed
sessions required, contact phone and address) and DBS check records that say their kind (a
CRB check from before December 2012), when the Update Service was last checked, and whether
they were entered in error (by whom, when, why).

Revision ID: 0022
Revises: 0021
"""

from __future__ import annotations

import sqlite3
from datetime import date

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

CRB_UNTIL = date(2012, 12, 1)  # the first day of the DBS
# The columns of the index that finds a person's latest check before this revision.
LATEST = ["person_id", "certificate_date", "id", "level", "recheck_due"]


def crb_checks():
    """The statement that records checks dated before the DBS existed (1 December 2012) as the
    CRB checks they were (tests/functional/test_migrations.py runs it)."""
    vetting = sa.table("vetting_checks", sa.column("kind"), sa.column("certificate_date"))
    return (
        vetting.update()
        .where(vetting.c.certificate_date < sa.literal(CRB_UNTIL, sa.Date()))
        .values(kind="crb")
    )


def upgrade() -> None:
    with op.batch_alter_table("schemes") as batch_op:
        batch_op.add_column(
            sa.Column("dbs_recheck_months", sa.Integer(), nullable=False, server_default="36")
        )
        batch_op.add_column(
            sa.Column("practice_backdate_days", sa.Integer(), nullable=False, server_default="60")
        )
        batch_op.add_column(sa.Column("practice_hours_required", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("observed_sessions_required", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("contact_phone", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("contact_address", sa.String(length=500), nullable=True))
    with op.batch_alter_table("vetting_checks") as batch_op:
        batch_op.add_column(
            sa.Column("kind", sa.String(length=3), nullable=False, server_default="dbs")
        )
        batch_op.add_column(sa.Column("update_service_checked_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column("entered_in_error_at", lms.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch_op.add_column(sa.Column("entered_in_error_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("entered_in_error_reason", sa.Text(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_vetting_checks_entered_in_error_by_id_people"),
            "people",
            ["entered_in_error_by_id"],
            ["id"],
        )
        batch_op.create_check_constraint(
            op.f("ck_vetting_checks_kind_known"), "kind in ('dbs', 'crb')"
        )
        batch_op.drop_index("ix_vetting_checks_person_latest")
        batch_op.create_index(
            "ix_vetting_checks_person_latest", [*LATEST[:1], "entered_in_error_at", *LATEST[1:]]
        )
    op.execute(crb_checks())


def downgrade() -> None:
    with op.batch_alter_table("vetting_checks") as batch_op:
        batch_op.drop_index("ix_vetting_checks_person_latest")
        batch_op.create_index("ix_vetting_checks_person_latest", LATEST)
        batch_op.drop_constraint(op.f("ck_vetting_checks_kind_known"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_vetting_checks_entered_in_error_by_id_people"), type_="foreignkey"
        )
        for column in (
            "entered_in_error_reason",
            "entered_in_error_by_id",
            "entered_in_error_at",
            "update_service_checked_on",
            "kind",
        ):
            batch_op.drop_column(column)
    # Plain ALTER TABLE ... DROP COLUMN (SQLite 3.35 and later, PostgreSQL), not a batch
    # re-creation: on SQLite that drops the old ``schemes`` table, which fails under foreign
    # keys as soon as a person or anything else refers to a scheme. These columns have no
    # index or constraint of their own, so SQLite drops them in place.
    _need_sqlite_drop_column()
    for column in (
        "contact_address",
        "contact_phone",
        "observed_sessions_required",
        "practice_hours_required",
        "practice_backdate_days",
        "dbs_recheck_months",
    ):
        op.drop_column("schemes", column)


def _need_sqlite_drop_column() -> None:
    """Refuse, with the reason, on a SQLite too old to drop a column in place."""
    if op.get_bind().dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35):
        raise RuntimeError(
            "Downgrading needs SQLite 3.35 or newer (ALTER TABLE ... DROP COLUMN); this is "
            f"{sqlite3.sqlite_version}."
        )
