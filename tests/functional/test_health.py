"""/healthz reports readiness honestly: a read and a committed write, each named in the answer."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from flask import Flask
from sqlalchemy import create_engine, func, select
from sqlalchemy.engine import make_url

from lms import create_app
from lms.audit.models import AuditEvent
from lms.core.models import HealthProbe
from lms.db import SQLITE_BUSY_TIMEOUT_MS
from lms.extensions import db

ROOT = Path(__file__).resolve().parents[2]
HEALTHY = {"status": "ok", "checks": {"read": "ok", "write": "ok"}}
CANNOT_WRITE = {"status": "unavailable", "checks": {"read": "ok", "write": "failed"}}


@contextmanager
def served_from(config: dict, url: str) -> Iterator[Flask]:
    """The test site's settings on another database URL; its pool closed afterwards."""
    other = create_app(dict(config, SQLALCHEMY_DATABASE_URI=url))
    try:
        yield other
    finally:
        with other.app_context():
            db.engine.dispose()


@pytest.fixture
def read_only_sqlite(app_config: dict, tmp_path: Path) -> Iterator[Flask]:
    """The site on a migrated SQLite file that it can read but not write (opened read-only)."""
    from flask_migrate import upgrade

    path = tmp_path / "site.sqlite3"
    writable = create_app(dict(app_config, SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}"))
    with writable.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        db.engine.dispose()
    with served_from(app_config, f"sqlite:///file:{path}?mode=ro&uri=true") as read_only:
        yield read_only


def test_a_healthy_database_answers_200_and_the_probe_never_grows(client):
    """Read and write pass: 200 naming both; probing again rewrites one row and audits nothing."""
    for _ in range(3):
        response = client.get("/healthz")
        assert response.status_code == 200
        assert response.json == HEALTHY
        assert response.headers["Cache-Control"] == "no-store"
    assert db.session.scalar(select(func.count()).select_from(HealthProbe)) == 1
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0


def test_a_sqlite_file_that_cannot_be_written_answers_503_naming_the_write(read_only_sqlite):
    """A read-only file (as a full disk) still reads, so only the write check fails: 503."""
    with read_only_sqlite.app_context():
        response = read_only_sqlite.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == CANNOT_WRITE
    assert int(response.headers["Retry-After"]) > 0


@pytest.mark.postgres_only(reason="a PostgreSQL server setting")
def test_a_read_only_postgresql_answers_503_naming_the_write(app_config: dict):
    """A server in read-only mode (as a standby or one recovering) fails the write check: 503."""
    url = make_url(app_config["SQLALCHEMY_DATABASE_URI"])
    url = url.update_query_dict({"options": "-c default_transaction_read_only=on"})
    with served_from(app_config, url.render_as_string(hide_password=False)) as read_only:
        with read_only.app_context():
            response = read_only.test_client().get("/healthz")
        assert response.status_code == 503
        assert response.json == CANNOT_WRITE


def test_a_long_write_elsewhere_answers_200_busy_quickly_not_after_the_lock_wait(app, client):
    """Another writer holding the lock (a sweep, a content sync) is no outage: the probe waits
    briefly and answers 200 ``"write": "busy"``, leaving the pool's lock wait as it was."""
    assert client.get("/healthz").status_code == 200  # the probe's row exists
    sqlite = db.engine.dialect.name == "sqlite"
    holder = create_engine(db.engine.url)
    try:
        with holder.connect() as other:
            if sqlite:
                other.exec_driver_sql("BEGIN IMMEDIATE")  # the file's write lock, held
            else:
                other.execute(select(HealthProbe).with_for_update())  # the probe's row, held
            started = time.monotonic()
            response = client.get("/healthz")
            waited = time.monotonic() - started
            other.rollback()
    finally:
        holder.dispose()
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"read": "ok", "write": "busy"}}
    assert waited < 2
    if sqlite:
        with db.engine.connect() as connection:
            timeout = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
        assert timeout == SQLITE_BUSY_TIMEOUT_MS
