"""Migration 0011 checks the plain SHA-256 chain of legacy audit events, then re-seals them
under AUDIT_KEY, and refuses to launder a chain that was already broken."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from lms import create_app
from lms.audit.models import AuditEvent
from lms.audit.seal import GENESIS, LEGACY, plain_sha256
from lms.audit.services import record, verify_chain
from lms.extensions import db
from tests.conftest import ROOT

MIGRATIONS = str(ROOT / "migrations")


@pytest.fixture
def old_database(tmp_path) -> Iterator[str]:
    """An empty database of this test's own: a SQLite file, or a throwaway PostgreSQL one."""
    raw = os.environ.get("DATABASE_URL", "")
    if not raw.startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    from lms.config import _database_url as normalise

    url = make_url(normalise(raw))
    name = f"{url.database}_reseal_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def app_at_0010(old_database) -> Iterator[Flask]:
    """The app on a database migrated only as far as 0010, inside an app context."""
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": old_database,
            "MIGRATIONS_DIR": MIGRATIONS,
            "AUDIT_KEY": "the-key-the-upgrade-reseals-with-0123456789",
            "AUDIT_KEY_ID": "2026",
        }
    )
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0010")
        yield app
        db.session.remove()
        db.engine.dispose()


def _legacy_trail(n: int) -> list[int]:
    """``n`` events as the app wrote them before the trail was keyed; their ids."""
    prev = GENESIS
    events = []
    for i in range(n):
        event = AuditEvent(
            occurred_at=datetime(2026, 11, 1, 9, i, 30, tzinfo=UTC),
            actor_id=None,
            actor_name="System",
            action="person.updated",
            subject_type="person",
            subject_id=str(i),
            scheme_id=None,
            reason=f"change {i}",
            details={"field": "name", "n": i},
            prev_hash=prev,
            seal=LEGACY,
        )
        event.hash = prev = plain_sha256(event)
        db.session.add(event)
        events.append(event)
    db.session.commit()
    return [e.id for e in events]


def _seals() -> list[tuple[str, str]]:
    rows = db.session.execute(select(AuditEvent.seal, AuditEvent.hash).order_by(AuditEvent.id))
    return [tuple(row) for row in rows]


def test_legacy_events_are_resealed_under_the_key_and_the_chain_verifies(app_at_0010):
    """After 0011 no sha256 seal remains; the legacy events and the keyed one after them all
    verify under AUDIT_KEY, which a plain-SHA-256 trail no longer would."""
    ids = _legacy_trail(3)
    record(db.session, actor=None, action="person.updated", subject_type="person", subject_id=9)
    db.session.commit()
    assert verify_chain(db.session).broken_at == ids[0]  # plain seals are refused now
    db.session.rollback()
    upgrade(directory=MIGRATIONS)
    db.session.expire_all()
    assert [seal for seal, _ in _seals()] == ["hmac-sha256:2026"] * 4
    report = verify_chain(db.session)
    assert report.ok and report.checked == 4


def test_a_broken_legacy_chain_stops_the_upgrade_naming_the_event(app_at_0010, caplog):
    """Re-sealing would launder tampering, so an edited legacy event stops 0011 with its id
    and nothing is re-sealed."""
    ids = _legacy_trail(4)
    db.session.execute(
        text("UPDATE audit_events SET reason = 'quietly rewritten' WHERE id = :id"), {"id": ids[2]}
    )
    db.session.commit()
    before = _seals()
    with pytest.raises(SystemExit):  # `flask db upgrade` exits 1 with the message
        upgrade(directory=MIGRATIONS)
    assert f"The audit trail is broken at event {ids[2]}: it was changed" in caplog.text
    assert "the upgrade stopped" in caplog.text
    db.session.rollback()
    assert _seals() == before
    version = db.session.scalar(text("SELECT version_num FROM alembic_version"))
    assert version == "0010"


def test_a_legacy_event_out_of_place_stops_the_upgrade(app_at_0010, caplog):
    """A deleted legacy event leaves the next one pointing at nothing; the upgrade names it."""
    ids = _legacy_trail(3)
    db.session.execute(text("DELETE FROM audit_events WHERE id = :id"), {"id": ids[1]})
    db.session.commit()
    with pytest.raises(SystemExit):
        upgrade(directory=MIGRATIONS)
    assert f"broken at event {ids[2]}: it does not follow the event before it" in caplog.text


def test_an_empty_trail_upgrades_untouched(app_at_0010):
    """With no legacy events the upgrade changes nothing."""
    upgrade(directory=MIGRATIONS, revision="0011")
    assert _seals() == []
    assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == "0011"
