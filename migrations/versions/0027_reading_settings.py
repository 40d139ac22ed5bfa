"""Reading settings on each account (lms/reading): text size, line spacing and background, each
None until the person saves them, each limited to the choices the settings page offers.

Revision ID: 0027
Revises: 0026
"""

from __future__ import annotations

import sqlite3

import sqlalchemy as sa
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

# Column -> the values it may hold (lms/reading/settings.py offers exactly these).
COLUMNS = {
    "reading_text_size": ("standard", "large", "largest"),
    "reading_line_spacing": ("standard", "more"),
    "reading_background": ("white", "cream", "blue"),
}


def _column(name: str, values: tuple[str, ...]) -> sa.Column:
    allowed = ", ".join(f"'{value}'" for value in values)
    check = sa.CheckConstraint(f"{name} in ({allowed})", name=op.f(f"ck_people_{name}_known"))
    return sa.Column(name, sa.String(length=10), check, nullable=True)


def upgrade() -> None:
    # A plain ADD COLUMN with its own CHECK, on SQLite too: re-creating ``people`` in batch mode
    # would fail under the foreign keys that point at it.
    for name, values in COLUMNS.items():
        op.add_column("people", _column(name, values))


def downgrade() -> None:
    # In place (SQLite 3.35 and later); a column's own CHECK goes with it on both databases.
    if op.get_bind().dialect.name == "sqlite" and sqlite3.sqlite_version_info < (3, 35):
        raise RuntimeError(
            "Downgrading needs SQLite 3.35 or newer (ALTER TABLE ... DROP COLUMN); this is "
            f"{sqlite3.sqlite_version}."
        )
    for name in reversed(COLUMNS):
        op.drop_column("people", name)
