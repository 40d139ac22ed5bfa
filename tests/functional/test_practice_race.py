"""Two requests at once on one practice entry: exactly one wins (PostgreSQL row locks)."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Person
from lms.audit.models import AuditEvent
from lms.db import utcnow
from lms.extensions import db
from lms.practice import services
from lms.practice.models import CONFIRMED, PracticeEntry
from tests.factories import PRACTICE_REFLECTION, make_practice_entry

pytestmark = pytest.mark.postgres_only


def _race(app, entry_id: int, *actions) -> list[str]:
    """Run each action in its own thread and app context, all released at once.

    Each action gets (session, entry) and is committed after a pause, so the other thread's
    UPDATE meets the row lock and must re-check its WHERE clause after the commit.
    """
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action) -> None:
        with app.app_context():
            try:
                entry = db.session.get(PracticeEntry, entry_id)
                barrier.wait(timeout=10)
                action(db.session, entry)
                time.sleep(0.3)
                db.session.commit()
                outcomes.append("won")
            except services.PracticeError:
                db.session.rollback()
                outcomes.append("lost")
            except Exception as exc:  # reported by the assertion below
                db.session.rollback()
                outcomes.append(f"error: {exc!r}")

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(outcomes)


def _person(session, person_id: int) -> Person:
    return session.get(Person, person_id)


def test_two_confirmations_at_once_confirm_once(app, people):
    """Two app servers confirming the same entry at the same moment: one wins, one is told."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    trainer_id = people["trainer"].id

    def confirm(session, entry):
        services.confirm_entry(session, _person(session, trainer_id), entry)

    def reject(session, entry):
        services.reject_entry(session, _person(session, trainer_id), entry, "Wrong date")

    assert _race(app, entry.id, confirm, reject) == ["lost", "won"]
    db.session.expire_all()
    actions = list(
        db.session.scalars(
            select(AuditEvent.action).where(
                AuditEvent.action.in_(["practice.confirmed", "practice.rejected"])
            )
        )
    )
    assert len(actions) == 1


def test_confirm_and_edit_at_once_cannot_both_win(app, people):
    """A trainer confirming while the trainee edits: exactly one of them succeeds."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    trainer_id, trainee_id = people["trainer"].id, people["trainee"].id
    seen = utcnow() + timedelta(microseconds=1)  # the trainer's page was opened just now

    def confirm(session, entry):
        services.confirm_entry(session, _person(session, trainer_id), entry, seen=seen)

    def edit(session, entry):
        details = services.EntryDetails(
            entry.session_date, 600, entry.kind, "Elsewhere", PRACTICE_REFLECTION, trainer_id
        )
        services.update_entry(session, _person(session, trainee_id), entry, details)

    assert _race(app, entry.id, confirm, edit) == ["lost", "won"]
    db.session.expire_all()
    entry = db.session.get(PracticeEntry, entry.id)
    confirmed_unchanged = entry.status == CONFIRMED and entry.duration_minutes == 120
    edited_pending = entry.status == "pending" and entry.duration_minutes == 600
    assert confirmed_unchanged or edited_pending
