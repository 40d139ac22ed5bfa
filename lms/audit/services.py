"""Record audit events and check the trail: its keyed chain of hashes and its checkpoints."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import current_app
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from lms.audit import checkpoints as cp
from lms.audit.models import AuditEvent
from lms.audit.seal import GENESIS, LEGACY, AuditKeys, fingerprint, seal
from lms.db import utcnow

if TYPE_CHECKING:  # accounts record events: the trail only needs their type
    from lms.accounts.models import Person

__all__ = ["GENESIS", "ChainReport", "audit_keys", "record", "verify_chain", "verify_trail"]

CHANGED = "was changed after it was written"
OUT_OF_PLACE = "does not follow the event before it"
UNKNOWN_KEY = "is sealed with an audit key this server does not have"
UNKEYED = "is an unkeyed event (seal sha256), so the trail was rewritten"


def audit_keys() -> AuditKeys:
    """The audit keys of the running app (``AUDIT_KEY``, ``AUDIT_KEY_ID``, ``AUDIT_KEYS_OLD``)."""
    return AuditKeys.from_config(current_app.config)


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
    seal(event, audit_keys())
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    """The outcome of checking the trail.

    ``checked`` events were intact before the first broken one (``broken_at``, with ``problem``);
    ``total`` events were read. ``checkpoint_problems`` name every checkpoint the trail does not
    match (events deleted, trail rewritten) and every checkpoint that is forged or unreadable.
    ``checkpoints_missing``: the trail has events but no checkpoint was found, so truncation
    and a rewrite by someone holding the key would go unnoticed; that is a problem too.
    """

    checked: int
    broken_at: int | None = None
    problem: str = ""
    total: int = 0
    checkpoints_checked: int = 0
    checkpoint_problems: list[str] = field(default_factory=list)
    checkpoint_source: str = ""
    checkpoints_found: bool = True
    checkpoints_missing: bool = False

    @property
    def ok(self) -> bool:
        return (
            self.broken_at is None and not self.checkpoint_problems and not self.checkpoints_missing
        )

    def problems(self) -> list[str]:
        """Every problem as one sentence, the chain's first."""
        found = [f"event {self.broken_at} {self.problem}"] if self.broken_at is not None else []
        missing = [no_checkpoints(self.checkpoint_source)] if self.checkpoints_missing else []
        return found + missing + self.checkpoint_problems


def _compare(
    checkpoint: cp.Checkpoint, total: int, at_position: dict[int, tuple[int, str]]
) -> str | None:
    """What is wrong between the trail and ``checkpoint``, or None when the trail holds it."""
    if checkpoint.count == 0:
        return None
    if total < checkpoint.count:
        return (
            f"the trail has {total} events but checkpoint {checkpoint.at} counted "
            f"{checkpoint.count}: events were deleted"
        )
    event_id, event_hash = at_position[checkpoint.count]
    if (event_id, event_hash) == (checkpoint.last_id, checkpoint.last_hash):
        return None
    if event_id != checkpoint.last_id:
        return (
            f"event number {checkpoint.count} of the trail is event {event_id}, but checkpoint "
            f"{checkpoint.at} recorded event {checkpoint.last_id} there: events before it were "
            "deleted or added"
        )
    return (
        f"event {event_id} does not have the fingerprint checkpoint {checkpoint.at} recorded: "
        "the trail was rewritten after the checkpoint"
    )


def verify_chain(
    session: Session,
    keys: AuditKeys | None = None,
    checkpoints: Sequence[cp.Checkpoint] = (),
) -> ChainReport:
    """Walk the trail in order: report the first event whose hash or link does not hold, and
    every checkpoint the trail no longer matches."""
    keys = keys or audit_keys()
    positions = {c.count for c in checkpoints if c.count > 0}
    at_position: dict[int, tuple[int, str]] = {}
    expected_prev = GENESIS
    broken_at: int | None = None
    problem = ""
    checked = total = 0
    for event in session.scalars(select(AuditEvent).order_by(AuditEvent.id)).yield_per(1000):
        total += 1
        if total in positions:
            at_position[total] = (event.id, event.hash)
        if broken_at is None:
            expected = fingerprint(event, keys)
            if event.prev_hash != expected_prev:
                broken_at, problem = event.id, OUT_OF_PLACE
            elif event.seal == LEGACY:
                broken_at, problem = event.id, UNKEYED
            elif expected is None:
                broken_at, problem = event.id, UNKNOWN_KEY
            elif expected != event.hash:
                broken_at, problem = event.id, CHANGED
            else:
                checked += 1
        expected_prev = event.hash
    mismatches = [m for c in checkpoints if (m := _compare(c, total, at_position))]
    return ChainReport(
        checked,
        broken_at,
        problem,
        total=total,
        checkpoints_checked=len(checkpoints),
        checkpoint_problems=mismatches,
    )


def no_checkpoints(source: str) -> str:
    """The problem named when a trail with events has no checkpoint to compare with."""
    return (
        f"no checkpoints were found at {source or '(AUDIT_CHECKPOINT_PATH is not set)'}, so "
        "deleting the newest events or rewriting the whole trail would not be noticed: run "
        "`flask --app lms audit checkpoint` every hour and keep copies off the database host"
    )


def verify_trail(
    session: Session,
    checkpoint_path: str | Path | None = None,
    *,
    require_checkpoints: bool = True,
) -> ChainReport:
    """Check the chain and compare it with every checkpoint at ``checkpoint_path`` (by default
    ``AUDIT_CHECKPOINT_PATH``); forged or unreadable checkpoints are problems too, and so is a
    trail with events but no checkpoint at all, unless ``require_checkpoints`` is False."""
    keys = audit_keys()
    raw = str(checkpoint_path or current_app.config.get("AUDIT_CHECKPOINT_PATH") or "")
    loaded = cp.load(Path(raw), keys) if raw else cp.Loaded([], [], found=False)
    report = verify_chain(session, keys, loaded.checkpoints)
    found = bool(loaded.checkpoints or loaded.problems)
    return ChainReport(
        report.checked,
        report.broken_at,
        report.problem,
        total=report.total,
        checkpoints_checked=report.checkpoints_checked,
        checkpoint_problems=loaded.problems + report.checkpoint_problems,
        checkpoint_source=raw,
        checkpoints_found=found,
        checkpoints_missing=require_checkpoints and bool(report.total) and not found,
    )


def take_checkpoint(session: Session) -> cp.Checkpoint:
    """Sign the trail's head now and append it to ``AUDIT_CHECKPOINT_PATH``."""
    checkpoint = cp.take(session, audit_keys(), utcnow())
    cp.append(Path(current_app.config["AUDIT_CHECKPOINT_PATH"]), checkpoint)
    return checkpoint
