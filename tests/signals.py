"""Catching what a signal sends during a test: the sender and its keyword arguments."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from blinker import Signal
from sqlalchemy import select
from sqlalchemy.orm import scoped_session

from lms.audit.models import AuditEvent


@dataclass
class Sent:
    """One send: the sender, its keyword arguments, and what the receiver saw of the session."""

    sender: object
    kwargs: dict
    in_transaction: bool = False
    audited: list[str] = field(default_factory=list)


@contextmanager
def caught(signal: Signal) -> Iterator[list[Sent]]:
    """Every send of ``signal`` inside the block, with whether the change was still uncommitted
    (the session in a transaction) and the audit actions already written in it."""
    sent: list[Sent] = []

    def receiver(sender, **kwargs) -> None:
        session = kwargs["session"]
        real = session() if isinstance(session, scoped_session) else session
        actions = session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        sent.append(Sent(sender, kwargs, real.in_transaction(), list(actions)))

    with signal.connected_to(receiver):
        yield sent
