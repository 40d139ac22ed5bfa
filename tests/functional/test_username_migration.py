"""Migration 0024 (usernames, optional email, sign-in card codes) goes up and down over data on
SQLite and on PostgreSQL when DATABASE_URL names it, keeping every person and their roles."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from lms import create_app
from lms.extensions import db
from tests.functional.test_migration_roundtrip import MADE, MIGRATIONS, fresh_url  # noqa: F401


def _person(conn, person_id, **values) -> None:
    people = sa.Table("people", sa.MetaData(), autoload_with=conn)
    row = {
        "id": person_id,
        "name": f"Person {person_id}",
        "active": True,
        "lead_trainer": False,
        "session_token": f"token-{person_id}",
        "created_at": MADE,
    }
    conn.execute(people.insert().values(**row, **values))


def _role(conn, person_id) -> None:
    roles = sa.Table("person_roles", sa.MetaData(), autoload_with=conn)
    conn.execute(roles.insert().values(person_id=person_id, role="trainee", granted_at=MADE))


def _count(conn, table: str) -> int:
    return conn.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar_one()  # noqa: S608


def _columns(conn) -> dict[str, dict]:
    return {c["name"]: c for c in sa.inspect(conn).get_columns("people")}


def test_usernames_up_and_down_with_data(fresh_url):  # noqa: F811
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": fresh_url})
    with app.app_context():
        upgrade(directory=MIGRATIONS, revision="0023")
        with db.engine.begin() as conn:
            _person(conn, 1, email="p1@example.org", email_key="p1@example.org")
            _role(conn, 1)
        upgrade(directory=MIGRATIONS, revision="0024")
        with db.engine.begin() as conn:
            assert _columns(conn)["email"]["nullable"] and "username_key" in _columns(conn)
            _person(conn, 2, username="jo.card", username_key="jo.card")
            _role(conn, 2)
            _person(conn, 6, username="sam.card", username_key="sam.card")  # a second no-email
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
            _person(conn, 7, email="p1@example.org", email_key="p1@example.org")  # still unique
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
            _person(conn, 3)  # neither an email nor a username
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
            _person(conn, 4, username="JO.CARD", username_key="jo.card")  # the same key
        with pytest.raises(sa.exc.IntegrityError), db.engine.begin() as conn:
            _person(conn, 5, email="Upper@example.org", email_key="upper@example.org")
        with pytest.raises(SystemExit):  # refused, naming the account without an address
            downgrade(directory=MIGRATIONS, revision="0023")
        with db.engine.begin() as conn:
            assert _count(conn, "people") == 3 and _count(conn, "person_roles") == 2
            conn.execute(sa.text("DELETE FROM people WHERE id = 6"))
            conn.execute(
                sa.text(
                    "UPDATE people SET email = 'jo@example.org', "
                    "email_key = 'jo@example.org' WHERE id = 2"
                )
            )
        downgrade(directory=MIGRATIONS, revision="0023")
        with db.engine.connect() as conn:
            columns = _columns(conn)
            assert not columns["email"]["nullable"] and not columns["email_key"]["nullable"]
            assert "username" not in columns and "sign_in_code_hash" not in columns
            assert _count(conn, "people") == 2 and _count(conn, "person_roles") == 2
            if conn.dialect.name == "sqlite":
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar_one() == "ok"
        upgrade(directory=MIGRATIONS)
        with db.engine.connect() as conn:
            assert _count(conn, "people") == 2 and _count(conn, "person_roles") == 2
            assert _columns(conn)["email"]["nullable"]
        db.engine.dispose()
