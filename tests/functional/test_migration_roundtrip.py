"""Migrations go down and up again over a database holding data (people in schemes, a DBS check,
a move between schemes in the audit trail), on SQLite and on PostgreSQL when DATABASE_URL names
it; 0023 backfills when each person joined their current scheme."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.engine import make_url

import lms.db
from lms import create_app
from lms.extensions import db
from tests.conftest import ROOT

MIGRATIONS = str(ROOT / "migrations")
MADE = datetime(2025, 1, 10, 9, 0, tzinfo=UTC)
MOVED = datetime(2025, 6, 2, 14, 30, tzinfo=UTC)


@pytest.fixture
def fresh_url(tmp_path: Path) -> Iterator[str]:
    """An empty database of its own (the suite's shared one is never migrated down)."""
    raw = os.environ.get("DATABASE_URL", "")
    if not raw.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'roundtrip.sqlite3'}"
        return
    from lms.config import _database_url as normalise

    url = make_url(normalise(raw))
    name = f"{url.database}_roundtrip_{os.getpid()}"
    admin = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _tables(conn) -> dict[str, sa.Table]:
    meta = sa.MetaData()
    names = ("schemes", "people", "audit_events", "vetting_checks")
    return {name: sa.Table(name, meta, autoload_with=conn) for name in names}


def _fill(conn) -> None:
    """Two schemes, two people (one moved from the first scheme to the second), a DBS check."""
    t = _tables(conn)
    for scheme_id, slug in ((1, "north"), (2, "south")):
        conn.execute(
            t["schemes"].insert().values(id=scheme_id, slug=slug, name=slug, created_at=MADE)
        )
    for person_id, scheme_id in ((1, 1), (2, 2)):
        email = f"p{person_id}@example.org"
        conn.execute(
            t["people"]
            .insert()
            .values(
                id=person_id,
                email=email,
                email_key=email,
                name=f"Person {person_id}",
                scheme_id=scheme_id,
                active=True,
                session_token=f"token-{person_id}",
                created_at=MADE,
            )
        )
    conn.execute(
        t["audit_events"]
        .insert()
        .values(
            occurred_at=MOVED,
            actor_name="Admin",
            action="person.updated",
            subject_type="person",
            subject_id="2",
            reason="",
            details={"before": {"scheme_id": 1}, "after": {"scheme_id": 2}},
            prev_hash="0" * 64,
            hash="1" * 64,
        )
    )
    conn.execute(
        t["vetting_checks"]
        .insert()
        .values(
            person_id=1,
            scheme_id=1,
            level="enhanced",
            certificate_date=date(2024, 5, 1),
            update_service=False,
            recheck_due=date(2027, 5, 1),
            recorded_by_id=2,
            recorded_at=MADE,
        )
    )


def _joined(conn) -> dict[int, datetime]:
    people = sa.table(
        "people",
        sa.column("id", sa.Integer()),
        sa.column("joined_scheme_at", lms.db.UTCDateTime(timezone=True)),
    )
    return dict(conn.execute(sa.select(people.c.id, people.c.joined_scheme_at)).all())


def _counts(conn) -> dict[str, int]:
    return {
        name: conn.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
        for name, table in _tables(conn).items()
    }


def test_down_and_up_again_with_data_and_the_join_backfill(fresh_url):
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": fresh_url})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0022")
        with db.engine.begin() as conn:
            _fill(conn)
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as conn:
            assert _joined(conn) == {1: MADE, 2: MOVED}  # the move into scheme 2 counts
            kept = _counts(conn)
        downgrade(directory=MIGRATIONS, revision="0021")  # 0023 and 0022 under foreign keys
        with db.engine.connect() as conn:
            assert _counts(conn) == kept
            columns = {c["name"] for c in sa.inspect(conn).get_columns("schemes")}
            assert "practice_backdate_days" not in columns
            assert "joined_scheme_at" not in {
                c["name"] for c in sa.inspect(conn).get_columns("people")
            }
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as conn:
            assert _counts(conn) == kept
            assert _joined(conn) == {1: MADE, 2: MOVED}
            scheme = conn.execute(
                sa.text("SELECT practice_backdate_days FROM schemes WHERE id = 1")
            )
            assert scheme.scalar_one() == 60
        db.engine.dispose()
