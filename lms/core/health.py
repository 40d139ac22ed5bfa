"""Readiness checks behind ``/healthz``: can the site read its database, and write to it."""

from __future__ import annotations

import logging
from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError

from lms.core.models import HealthProbe
from lms.db import read_engine, read_row, utcnow

log = logging.getLogger(__name__)

OK = "ok"
FAILED = "failed"
NOT_RUN = "not_run"


def check_read(engine: Engine) -> None:
    """One ``SELECT 1`` through the pool certificate checks read from (their fast path)."""
    read_row(read_engine(engine), "SELECT 1")


def check_write(engine: Engine) -> None:
    """Rewrite the probe's single row in a transaction of its own, and commit it.

    Fails when the database takes no writes: a SQLite file on a full disk or opened read-only,
    a PostgreSQL standby, recovering or read-only server. One row, rewritten in place: the
    table never grows and no audit event is written.
    """
    insert = pg_insert if engine.dialect.name == "postgresql" else sqlite_insert
    now = utcnow()
    statement = (
        insert(HealthProbe)
        .values(id=1, checked_at=now)
        .on_conflict_do_update(index_elements=[HealthProbe.id], set_={"checked_at": now})
    )
    with engine.begin() as connection:
        connection.execute(statement)


CHECKS: dict[str, Callable[[Engine], None]] = {"read": check_read, "write": check_write}


def readiness(engine: Engine) -> dict[str, str]:
    """Each check by name with ``ok`` or ``failed``; after a failure the rest are ``not_run``."""
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        if FAILED in results.values():
            results[name] = NOT_RUN
            continue
        try:
            check(engine)
        except SQLAlchemyError as error:
            log.warning("Health check %r failed: %s", name, error)
            results[name] = FAILED
        else:
            results[name] = OK
    return results
