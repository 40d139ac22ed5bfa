"""What counts as a database outage (a 503 to try again) and what stays a fault (a logged 500)."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, ProgrammingError

from lms.outage import DatabaseUnavailable, is_outage


class DriverError(Exception):
    """Stands in for a server driver's exception (psycopg's are not sqlite3's)."""


def test_the_server_being_down_or_dropping_connections_is_an_outage():
    """Operational errors from a server driver, dropped connections and the loader's 503 are."""
    assert is_outage(OperationalError("SELECT 1", {}, DriverError("connection refused")))
    dropped = DBAPIError("SELECT 1", {}, DriverError("lost"), connection_invalidated=True)
    assert is_outage(dropped)
    assert is_outage(DatabaseUnavailable())
    wrapped = RuntimeError("while rendering")
    wrapped.__cause__ = OperationalError("SELECT 1", {}, DriverError("shutting down"))
    assert is_outage(wrapped)


@pytest.mark.parametrize(
    "message",
    [
        "unable to open database file",
        "database is locked",
        "database or disk is full",
        "attempt to write a readonly database",
        "disk I/O error",
    ],
)
def test_a_sqlite_file_that_cannot_be_used_now_is_an_outage(message):
    """SQLite's locked, full, read-only and missing files answer 503."""
    assert is_outage(OperationalError("SELECT 1", {}, sqlite3.OperationalError(message)))


def test_mistakes_stay_faults():
    """Bad SQL (which SQLite also calls OperationalError), constraints and bugs are not outages."""
    no_table = sqlite3.OperationalError("no such table: people")
    assert not is_outage(OperationalError("SELECT", {}, no_table))
    assert not is_outage(ProgrammingError("SELECT", {}, DriverError("syntax error")))
    assert not is_outage(IntegrityError("INSERT", {}, DriverError("duplicate key")))
    assert not is_outage(ValueError("a bug"))
    assert not is_outage(None)
