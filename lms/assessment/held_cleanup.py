"""The hourly job that deletes held answer text once it has expired (the privacy notice says
held text is kept one day at most), whether or not anyone signs in or is signed out meanwhile."""

from __future__ import annotations

from huey import crontab

from lms.assessment.held import drop_expired
from lms.db import utcnow
from lms.extensions import db
from lms.jobs import periodic_task


def purge_expired_held_answers() -> None:
    """Delete every held answer past its expiry, committed at once."""
    drop_expired(db.session, utcnow())
    db.session.commit()


@periodic_task(crontab(minute="15"))
def hourly_held_answer_purge() -> None:
    """At a quarter past every hour."""
    purge_expired_held_answers()
