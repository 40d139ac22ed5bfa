"""Database connection settings: SQLite's journal and cache, and the autocommit read pool."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, event, text

from lms.db import read_engine, sqlite_pragmas
from lms.extensions import db


def test_sqlite_files_use_write_ahead_logging_and_enforce_foreign_keys(tmp_path):
    """Readers are served beside a writer (WAL); NORMAL sync; foreign keys on; a bigger cache."""
    engine = create_engine(f"sqlite:///{tmp_path / 'site.sqlite3'}")
    event.listen(engine, "connect", sqlite_pragmas)
    with engine.connect() as connection:
        pragma = lambda name: connection.execute(text(f"PRAGMA {name}")).scalar()  # noqa: E731
        assert pragma("journal_mode") == "wal"
        assert pragma("synchronous") == 1  # NORMAL
        assert pragma("foreign_keys") == 1
        assert pragma("cache_size") < -2000, "more than SQLite's default 2 MB"
    engine.dispose()


def test_an_in_memory_database_keeps_its_memory_journal():
    """An in-memory database has no log file to write ahead to; it is left as it is."""
    engine = create_engine("sqlite://")
    event.listen(engine, "connect", sqlite_pragmas)
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "memory"
    engine.dispose()


def test_reads_use_one_autocommit_pool_per_engine(app):
    """On PostgreSQL checks read through a second pool kept in autocommit; SQLite needs none."""
    reader = read_engine(db.engine)
    assert read_engine(db.engine) is reader, "made once per engine"
    if db.engine.dialect.name == "sqlite":
        assert reader is db.engine
        return
    assert reader is not db.engine and reader.url == db.engine.url
    with reader.connect() as connection:
        assert connection.connection.driver_connection.autocommit is True
        assert connection.execute(text("SELECT 1")).scalar() == 1


@pytest.mark.postgres_only(reason="a PostgreSQL server setting")
def test_postgresql_connections_never_jit_compile(app):
    """PostgreSQL's JIT costs more than it saves on web queries: it is off on every pool."""
    assert db.session.execute(text("SHOW jit")).scalar() == "off"
    with read_engine(db.engine).connect() as connection:
        assert connection.execute(text("SHOW jit")).scalar() == "off"
