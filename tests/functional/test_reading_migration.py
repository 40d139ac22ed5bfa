"""Migration 0027 adds the reading settings to people, limited to the choices offered, and goes
down and up again keeping every person, on SQLite and on PostgreSQL when DATABASE_URL names it."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.extensions import db
from tests.functional.test_migration_roundtrip import MIGRATIONS
from tests.functional.test_migration_roundtrip import fresh_url as fresh_url

COLUMNS = {"reading_text_size", "reading_line_spacing", "reading_background"}
MADE = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)


def _columns(conn) -> set[str]:
    return {c["name"] for c in sa.inspect(conn).get_columns("people")} & COLUMNS


def _add_person(conn) -> None:
    conn.execute(
        sa.text(
            "INSERT INTO people (id, email, email_key, name, active, lead_trainer, session_token,"
            " created_at) VALUES (1, 'p@example.org', 'p@example.org', 'Pat', :yes, :no, 't',"
            " :made)"
        ),
        {"yes": True, "no": False, "made": MADE.replace(tzinfo=None)},
    )


def test_reading_columns_go_up_down_and_up_again_keeping_people(fresh_url):
    """Up: three empty columns that refuse unknown values; down: gone, the person kept."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": fresh_url})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0023")
        with db.engine.begin() as conn:
            _add_person(conn)
        upgrade(directory=MIGRATIONS, revision="0027")
        with db.engine.connect() as conn:
            assert _columns(conn) == COLUMNS
            row = conn.execute(sa.text("SELECT reading_text_size FROM people")).one()
            assert row[0] is None  # nobody has chosen yet
        with db.engine.begin() as conn:
            conn.execute(
                sa.text(
                    "UPDATE people SET reading_text_size = 'largest',"
                    " reading_line_spacing = 'more', reading_background = 'cream'"
                )
            )
        for column, bad in (
            ("reading_text_size", "huge"),
            ("reading_line_spacing", "double"),
            ("reading_background", "black"),
        ):
            with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
                conn.execute(sa.text(f"UPDATE people SET {column} = :bad"), {"bad": bad})  # noqa: S608
        downgrade(directory=MIGRATIONS, revision="0023")
        with db.engine.connect() as conn:
            assert _columns(conn) == set()
            assert conn.execute(sa.text("SELECT count(*) FROM people")).scalar_one() == 1
        upgrade(directory=MIGRATIONS, revision="0027")
        with db.engine.connect() as conn:
            assert _columns(conn) == COLUMNS
            assert conn.execute(sa.text("SELECT name FROM people")).scalar_one() == "Pat"
        db.engine.dispose()
