"""Huey jobs that deliver the outbox: one message after its commit, and a pass every minute."""

from __future__ import annotations

from huey import crontab
from sqlalchemy.orm import Session

from lms.extensions import db
from lms.jobs import periodic_task, task
from lms.outbox import services


@task()
def deliver_message(message_id: int) -> None:
    """Send one message just committed (in its own session, never the caller's)."""
    with Session(db.engine) as session:
        services.deliver(session, message_id)


@periodic_task(crontab(minute="*"))
def deliver_due_messages() -> None:
    """Every minute: retry messages whose wait is over, pick up lost jobs, free stuck claims."""
    with Session(db.engine) as session:
        services.deliver_due(session)
