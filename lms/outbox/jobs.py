"""Huey jobs that deliver the outbox: one message after its commit (queued by the session
listeners below), and a pass every minute."""

from __future__ import annotations

import logging
from typing import Any

from huey import crontab
from sqlalchemy import event
from sqlalchemy.orm import Session

from lms.extensions import db
from lms.jobs import periodic_task, task
from lms.outbox import services
from lms.outbox.models import OutboxMessage

log = logging.getLogger(__name__)


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


def _note_new(session: Session, flush_context: Any) -> None:
    ids = [obj.id for obj in session.new if isinstance(obj, OutboxMessage)]
    if ids:
        session.info.setdefault(services.NEW, []).extend(ids)


def _forget(session: Session) -> None:
    session.info.pop(services.NEW, None)


def _enqueue(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint was released; wait for the real commit
        return
    ids = session.info.pop(services.NEW, None)
    if not ids:
        return
    for message_id in ids:
        try:
            deliver_message(message_id)
        except Exception as error:  # never fail the request: the message is saved
            log.warning(
                "Could not queue delivery of outbox message %s (%r): the periodic pass will "
                "send it",
                message_id,
                error.__cause__ or error,
            )


def register() -> None:
    """Queue a delivery job for every message a session commits (safe to call twice)."""
    for name, listener in (
        ("after_flush", _note_new),
        ("after_commit", _enqueue),
        ("after_rollback", _forget),
    ):
        if not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
