"""Migration 0007 re-normalises stored emails and refuses to merge look-alike accounts."""

from __future__ import annotations

import pytest
from flask_migrate import upgrade
from sqlalchemy import text

from lms import create_app
from lms.extensions import db
from tests.conftest import ROOT

MIGRATIONS = str(ROOT / "migrations")
INSERT = text(
    "INSERT INTO people (id, email, name, active, lead_trainer, session_token, created_at) "
    "VALUES (:id, :email, 'Someone', 1, 0, :token, '2026-01-01 00:00:00')"
)


def _app_at_0006(tmp_path):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.sqlite3'}",
            "MIGRATIONS_DIR": MIGRATIONS,
        }
    )
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0006")
    return app


def _insert(emails):
    for i, email in enumerate(emails, start=1):
        db.session.execute(INSERT, {"id": i, "email": email, "token": f"t{i}"})
    db.session.commit()


def test_existing_emails_get_their_normal_form_and_key(tmp_path):
    """A fullwidth address stored before 0007 becomes NFKC lower case with its folded key."""
    app = _app_at_0006(tmp_path)
    with app.app_context():
        _insert(["\uff41dmin@example.org", "straße@example.org"])
        upgrade(directory=MIGRATIONS)
        rows = db.session.execute(text("SELECT email, email_key FROM people ORDER BY id")).all()
        db.engine.dispose()
    assert rows == [
        ("admin@example.org", "admin@example.org"),
        ("straße@example.org", "strasse@example.org"),
    ]


def test_look_alike_accounts_stop_the_upgrade_with_their_ids(tmp_path, caplog):
    """Two stored accounts that fold to one address are named, not silently merged."""
    app = _app_at_0006(tmp_path)
    with app.app_context():
        _insert(["strasse@example.org", "straße@example.org"])
        with pytest.raises(SystemExit):  # `flask db upgrade` exits 1 with the message
            upgrade(directory=MIGRATIONS)
        db.engine.dispose()
    assert "Accounts 1 and 2 have the same email address" in caplog.text
