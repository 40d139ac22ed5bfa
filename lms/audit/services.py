"""Record audit events and check that the chain of hashes is unbroken."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.audit.models import AuditEvent
from lms.db import utcnow

GENESIS = "0" * 64


def _digest(event: AuditEvent) -> str:
    payload = {
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "scheme_id": event.scheme_id,
        "reason": event.reason,
        "details": event.details,
        "prev_hash": event.prev_hash,
    }
    canonical = json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _lock_chain(session: Session) -> None:
    """Serialise writers so two events never claim the same predecessor."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(7341001)"))


def record(
    session: Session,
    *,
    actor: Person | None,
    action: str,
    subject_type: str,
    subject_id: int | str,
    scheme_id: int | None = None,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the trail in the caller's transaction and return it."""
    _lock_chain(session)
    last = session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc()).limit(1)).first()
    event = AuditEvent(
        occurred_at=utcnow().replace(microsecond=0),
        actor_id=actor.id if actor else None,
        actor_name=actor.name if actor else "System",
        action=action,
        subject_type=subject_type,
        subject_id=str(subject_id),
        scheme_id=scheme_id,
        reason=reason,
        details=details or {},
        prev_hash=last.hash if last else GENESIS,
    )
    event.hash = _digest(event)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the trail: how many events, and the first broken one if any."""

    checked: int
    broken_at: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_chain(session: Session) -> ChainReport:
    """Walk the trail in order and report the first event whose hash or link does not hold."""
    expected_prev = GENESIS
    checked = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(1000):
        if event.prev_hash != expected_prev:
            return ChainReport(checked, event.id, "does not follow the event before it")
        if _digest(event) != event.hash:
            return ChainReport(checked, event.id, "was changed after it was written")
        expected_prev = event.hash
        checked += 1
    return ChainReport(checked)
