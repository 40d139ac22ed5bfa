"""accounts without an email address: people.email and email_key may be empty, a username (with
a unique case-folded key), a check that a person has an email or a username, and the printed
sign-in card's one-time code (its hash and when it expires)

Revision ID: 0024
Revises: 0023

On SQLite the NOT NULLs and the new check are changed in the table's stored definition
(SQLite's documented ``writable_schema`` procedure for removing NOT NULL and CHECK constraints),
not by re-creating ``people``: dropping that table fails, or cascades, under foreign keys. The
new columns are plain ADD COLUMNs. The downgrade refuses, naming them, while any account has no
email address: give each one an address first.
"""

from __future__ import annotations

import re
import sqlite3

import sqlalchemy as sa
from alembic import op

import lms.db

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

CHECK = "email IS NOT NULL OR username IS NOT NULL"
CHECK_SQL = f",\n\tCONSTRAINT ck_people_email_or_username CHECK ({CHECK})"
NOT_NULL = re.compile(r"(\b(email|email_key) VARCHAR\(254\)) NOT NULL")
NULLABLE = re.compile(r"(\b(email|email_key) VARCHAR\(254\))(?= *,)")


def _rewrite_sqlite_table(change) -> None:
    """Replace the stored CREATE TABLE of ``people`` by ``change(sql)``, in this transaction."""
    bind = op.get_bind()
    sql = bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'people'"
    ).scalar_one()
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql(
        "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'people'",
        (change(sql),),
    )
    bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def _loosen(sql: str) -> str:
    sql, found = NOT_NULL.subn(r"\1", sql)
    if found != 2:
        raise RuntimeError(f"people.email and email_key not found as expected in: {sql}")
    end = sql.rstrip().rindex(")")
    return sql[:end].rstrip() + CHECK_SQL + "\n" + sql[end:]


def _tighten(sql: str) -> str:
    sql = sql.replace(CHECK_SQL, "")
    return NULLABLE.sub(r"\1 NOT NULL", sql)


def upgrade() -> None:
    op.add_column("people", sa.Column("username", sa.String(length=30), nullable=True))
    op.add_column("people", sa.Column("username_key", sa.String(length=30), nullable=True))
    op.add_column("people", sa.Column("sign_in_code_hash", sa.String(length=255), nullable=True))
    op.add_column(
        "people",
        sa.Column("sign_in_code_expires_at", lms.db.UTCDateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_people_username_key", "people", ["username_key"], unique=True)
    if op.get_bind().dialect.name == "sqlite":
        _rewrite_sqlite_table(_loosen)
        return
    op.alter_column("people", "email", existing_type=sa.String(length=254), nullable=True)
    op.alter_column("people", "email_key", existing_type=sa.String(length=254), nullable=True)
    op.create_check_constraint(op.f("ck_people_email_or_username"), "people", CHECK)


def downgrade() -> None:
    bind = op.get_bind()
    people = sa.table("people", sa.column("id"), sa.column("username"), sa.column("email"))
    without = bind.execute(
        sa.select(people.c.id, people.c.username).where(people.c.email.is_(None))
    ).all()
    if without:
        named = ", ".join(f"{person_id} ({username})" for person_id, username in without)
        raise RuntimeError(
            f"These accounts have no email address: {named}. Give each one an email address "
            "(or deactivate and re-create them with one), then downgrade again."
        )
    if bind.dialect.name == "sqlite":
        if sqlite3.sqlite_version_info < (3, 35):
            raise RuntimeError(
                "Downgrading needs SQLite 3.35 or newer (ALTER TABLE ... DROP COLUMN); this is "
                f"{sqlite3.sqlite_version}."
            )
        _rewrite_sqlite_table(_tighten)
    else:
        op.drop_constraint(op.f("ck_people_email_or_username"), "people", type_="check")
        op.alter_column("people", "email_key", existing_type=sa.String(length=254), nullable=False)
        op.alter_column("people", "email", existing_type=sa.String(length=254), nullable=False)
    op.drop_index("ix_people_username_key", table_name="people")
    for column in ("sign_in_code_expires_at", "sign_in_code_hash", "username_key", "username"):
        op.drop_column("people", column)
