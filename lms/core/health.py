"""Readiness checks behind ``/healthz``: can the site read its database, and write to it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import OperationalError, SQLAlchemyError

from lms.core.models import HealthProbe
from lms.db import SQLITE_BUSY_TIMEOUT_MS, read_engine, read_row, utcnow

log = logging.getLogger(__name__)

OK = "ok"
FAILED = "failed"
NOT_RUN = "not_run"
BUSY = "busy"
RESULTS = (OK, FAILED, NOT_RUN, BUSY)  # what each check can answer
UNAVAILABLE = "unavailable"  # the overall status when a check is not ready (else OK)
# What counts as ready: ``busy`` means another writer holds the lock, so the database takes
# writes (a long sweep or content sync is running); a load balancer must not drop the server.
READY = frozenset({OK, BUSY})

# How long the write probe waits for another writer's lock, well inside a load balancer's
# health-check timeout (the site's own statements wait up to SQLITE_BUSY_TIMEOUT_MS).
PROBE_LOCK_WAIT_MS = 500


class WriterBusy(Exception):
    """The probe could not take the write lock in time: another transaction is writing."""


def check_read(engine: Engine) -> None:
    """One ``SELECT 1`` through the pool certificate checks read from (their fast path)."""
    read_row(read_engine(engine), "SELECT 1")


def check_write(engine: Engine) -> None:
    """Rewrite the probe's single row in a transaction of its own, and commit it.

    Fails when the database takes no writes: a SQLite file on a full disk or opened read-only,
    a PostgreSQL standby, recovering or read-only server. One row, rewritten in place: the
    table never grows and no audit event is written. It waits at most PROBE_LOCK_WAIT_MS for a
    lock another writer holds, then raises WriterBusy (the database is writable, just busy).
    """
    sqlite = engine.dialect.name == "sqlite"
    insert = sqlite_insert if sqlite else pg_insert
    now = utcnow()
    statement = (
        insert(HealthProbe)
        .values(id=1, checked_at=now)
        .on_conflict_do_update(index_elements=[HealthProbe.id], set_={"checked_at": now})
    )
    with engine.connect() as connection:
        if sqlite:  # for this connection only, put back before it returns to the pool
            connection.exec_driver_sql(f"PRAGMA busy_timeout={PROBE_LOCK_WAIT_MS}")
        try:
            if not sqlite:
                connection.exec_driver_sql(f"SET LOCAL lock_timeout = {PROBE_LOCK_WAIT_MS}")
            connection.execute(statement)
            connection.commit()
        except OperationalError as error:
            connection.rollback()
            if _held_by_another_writer(error):
                raise WriterBusy(str(error.orig)) from error
            raise
        finally:
            if sqlite:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
                connection.commit()


def _held_by_another_writer(error: OperationalError) -> bool:
    """SQLite's SQLITE_BUSY ("database is locked") or PostgreSQL's lock_not_available (55P03).

    Read-only files, full disks and I/O errors are other codes: they stay failures.
    """
    orig = error.orig
    if getattr(orig, "sqlstate", None) == "55P03":
        return True
    name = getattr(orig, "sqlite_errorname", "")
    return name.startswith("SQLITE_BUSY") or "database is locked" in str(orig).lower()


CHECKS: dict[str, Callable[[Engine], None]] = {"read": check_read, "write": check_write}


def readiness(engine: Engine) -> dict[str, str]:
    """Each check by name with ``ok``, ``busy`` or ``failed``; after a failure the rest are
    ``not_run``."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        if FAILED in results.values():
            results[name] = NOT_RUN
            continue
        try:
            check(engine)
        except WriterBusy as error:
            log.info("Health check %r found another writer holding the lock: %s", name, error)
            results[name] = BUSY
        except SQLAlchemyError as error:
            log.warning("Health check %r failed: %s", name, error)
            results[name] = FAILED
        else:
            results[name] = OK
    return results
