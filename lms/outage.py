"""Telling a database outage from a fault: an outage answers 503 with Retry-After, never a 500."""

from __future__ import annotations

import logging

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.exc import TimeoutError as PoolTimeout
from werkzeug.exceptions import ServiceUnavailable

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10
UNAVAILABLE_TEXT = (
    "Part of the service cannot be reached just now, so what you were doing may not have "
    "been saved. Try again in a minute."
)


class DatabaseUnavailable(ServiceUnavailable):
    """The database cannot be used just now (down, restarting, refusing connections)."""

    description = UNAVAILABLE_TEXT


def is_outage(error: BaseException | None) -> bool:
    """Whether ``error``, or an error it was raised from, says the database cannot be used now.

    The DB-API's ``OperationalError`` and ``InterfaceError`` are the driver's words for a server
    that is down, restarting, read-only, full or unreachable; a connection SQLAlchemy
    invalidated (a disconnect) and a pool with no connection to spare mean the same. A bug
    (``ProgrammingError``, a constraint) is not an outage: it stays a 500 and is logged.
    """
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        if isinstance(error, OperationalError) and _is_sqlite(error.orig):
            return _sqlite_outage(error.orig)
        if isinstance(error, OperationalError | InterfaceError | PoolTimeout | DatabaseUnavailable):
            return True
        if isinstance(error, DBAPIError) and error.connection_invalidated:
            return True
        error = error.__cause__
    return False


# SQLite raises OperationalError for mistakes in SQL too ("no such table", syntax errors):
# only these say the file cannot be used just now.
SQLITE_OUTAGES = (
    "unable to open database file",
    "database is locked",
    "database table is locked",
    "disk i/o error",
    "database or disk is full",
    "readonly database",
)


def _is_sqlite(orig: BaseException | None) -> bool:
    return type(orig).__module__ == "sqlite3"


def _sqlite_outage(orig: BaseException | None) -> bool:
    message = str(orig).lower()
    return any(reason in message for reason in SQLITE_OUTAGES)


def close_session(exc: BaseException | None = None) -> None:
    """End the request's session even when the database went away after the view had finished.

    Flask-SQLAlchemy rolls the session back at the end of every request; if the server dropped
    the connection in between (a restart), that rollback fails and would turn a finished answer
    into a bare 500 from the server. The connection is dead anyway: it is discarded without
    talking to the server, and the pool makes a new one when the database is back.
    """
    from lms.extensions import db

    try:
        db.session.remove()
    except SQLAlchemyError as error:
        if not is_outage(error):
            raise
        log.warning("The database went away before the request's session was closed: %s", error)
        db.session().invalidate()  # scoped_session does not pass this one through
        db.session.remove()
