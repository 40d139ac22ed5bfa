"""Database plumbing shared by every feature: the declarative base, naming conventions, the UTC
timestamp type, SQLite and PostgreSQL connection settings and the read pool."""

from __future__ import annotations

import weakref
from contextlib import suppress
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, create_engine
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, registry
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    """The current time, timezone-aware, in UTC."""
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """A timestamp stored in UTC and always read back timezone-aware, on SQLite too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use timezone-aware UTC datetimes")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    """Declarative base with constraint naming conventions that Alembic can rely on."""

    registry = registry(
        metadata=MetaData(naming_convention=NAMING),
        type_annotation_map={datetime: UTCDateTime()},
    )


SQLITE_CACHE_KIB = 32 * 1024
SQLITE_BUSY_TIMEOUT_MS = 10_000
SQLITE_MMAP_BYTES = 256 * 1024 * 1024


def sqlite_pragmas(dbapi_connection: Any, connection_record: Any) -> None:
    """Make SQLite enforce foreign keys, wait for locks, and serve readers beside a writer.

    Write-ahead logging lets pages be read while another process writes (gunicorn runs several
    workers), with ``synchronous=NORMAL``, its documented safe pairing: a power cut can lose the
    last commits but never corrupts the file. Memory-mapped reads and a larger page cache spare
    a system call per page on big lists.
    """
    import sqlite3

    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        if mode not in ("memory", "wal"):  # an in-memory database has no log to keep
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
        cursor.execute(f"PRAGMA mmap_size={SQLITE_MMAP_BYTES}")
        cursor.close()


def postgresql_settings(dbapi_connection: Any, connection_record: Any) -> None:
    """Turn off PostgreSQL's JIT compiler for the site's connections.

    Its planner switches JIT on by cost, and a list that screens thousands of mentors with a
    subquery each crosses the threshold: compiling then takes longer (about 60 ms here) than
    running the statement. Short web queries never gain from it.
    """
    if type(dbapi_connection).__module__.startswith("psycopg"):
        with dbapi_connection.cursor() as cursor:
            cursor.execute("SET jit = off")
        dbapi_connection.commit()


def read_engine(engine: Engine) -> Engine:
    """An engine for single-statement reads that need no transaction (public certificate checks).

    On PostgreSQL it is a second, small pool whose connections stay in autocommit, so a read is
    one round trip with no BEGIN or ROLLBACK, and no isolation level is switched at each
    checkout. SQLite's driver opens no transaction for a read, so there it is ``engine`` itself.
    Made on first use in each process (after gunicorn forks) and kept while ``engine`` lives;
    its connections are closed when ``engine`` goes (tests make many apps, each with an engine).
    """
    if engine.dialect.name == "sqlite":
        return engine
    reader = _READ_ENGINES.get(engine)
    if reader is None:
        reader = _READ_ENGINES[engine] = create_engine(
            engine.url,
            isolation_level="AUTOCOMMIT",
            pool_size=READ_POOL_SIZE,
            pool_recycle=1800,
            pool_reset_on_return=None,  # autocommit: nothing is ever left open to roll back
        )
        weakref.finalize(engine, reader.dispose)
    return reader


def read_row(engine: Engine, sql: str, params: dict[str, Any] | None = None) -> tuple | None:
    """The first row of ``sql``, read on the driver's own cursor from a pooled connection.

    The driver's errors skip SQLAlchemy's connection layer, and with it the disconnect handling
    that layer gives every other query. It is repeated here: when the server dropped the
    connection (a restart, a failover, an idle timeout) the connection is thrown away, and so
    is the rest of the pool (connections made before the drop are dead too), and the read is
    tried once more on a new connection. No round trip is added while the server is up. Errors
    leave as SQLAlchemy's own (``OperationalError`` while the server is down, which the error
    pages answer with 503), like those of every other query.
    """
    dbapi = engine.dialect.loaded_dbapi
    for attempt in (1, 2):
        try:
            connection = engine.raw_connection()
        except dbapi.Error as error:  # cannot connect: the server is down or refusing
            raise _wrap(engine, sql, params, error, invalidated=False) from error
        cursor = None
        try:
            cursor = connection.cursor()
            if params is None:
                cursor.execute(sql)
            else:
                cursor.execute(sql, params)
            return cursor.fetchone()
        except dbapi.Error as error:
            dropped = engine.dialect.is_disconnect(error, connection.dbapi_connection, cursor)
            if not dropped:
                raise _wrap(engine, sql, params, error, invalidated=False) from error
            connection.invalidate(error)
            engine.dispose()  # a new pool: the old one's connections predate the drop
            if attempt == 2:
                raise _wrap(engine, sql, params, error, invalidated=True) from error
        finally:
            if cursor is not None:
                with suppress(dbapi.Error):  # a dropped connection's cursor may not close
                    cursor.close()
            connection.close()  # back to the pool (or discarded, if invalidated)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


def _wrap(
    engine: Engine, sql: str, params: dict[str, Any] | None, error: Exception, invalidated: bool
) -> DBAPIError:
    """The driver's error as SQLAlchemy raises it for other queries (same class and flags)."""
    return DBAPIError.instance(
        sql,
        params,
        error,
        engine.dialect.loaded_dbapi.Error,
        hide_parameters=True,
        connection_invalidated=invalidated,
        dialect=engine.dialect,
    )


READ_POOL_SIZE = 4
_READ_ENGINES: weakref.WeakKeyDictionary[Engine, Engine] = weakref.WeakKeyDictionary()
