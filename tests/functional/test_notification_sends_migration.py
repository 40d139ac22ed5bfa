"""Migration 0021 carries the sweep's old reminders over as sent warnings, so nobody is warned
again when the notifications' daily job takes over; a certificate no longer current is left.

The migration's data step runs against today's schema (the tables it reads and writes are
unchanged since), so later migrations cannot break the test."""

from __future__ import annotations

import importlib.util

from sqlalchemy import text

from lms.extensions import db
from lms.notifications.expiry import send_expiry_warnings
from lms.ukdates import uk_today
from tests.conftest import ROOT
from tests.factories import make_mentor, make_person


def _migration():
    path = next((ROOT / "migrations" / "versions").glob("0021_*.py"))
    spec = importlib.util.spec_from_file_location("migration_0021", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_reminders_already_sent_become_warnings(scheme):
    certs = [
        make_mentor(make_person(f"p{i}@example.org", f"P{i}", None, scheme), valid_days_left=20)
        for i in range(3)
    ]
    warned, _never_warned, replaced = certs
    warned.reminders_sent = [60, 30]
    replaced.reminders_sent, replaced.current = [60], False
    db.session.commit()
    ids = [c.id for c in certs]
    _migration()._carry_over_reminders(db.session.connection())
    db.session.commit()
    rows = db.session.execute(
        text("SELECT certificate_id, days_before FROM expiry_warnings ORDER BY days_before")
    ).all()
    sent = send_expiry_warnings(db.session, uk_today())
    db.session.commit()
    assert rows == [(ids[0], 30), (ids[0], 60)]
    assert sent == {7: 0, 30: 1, 60: 0}  # only the current certificate never warned
