"""audit events sealed with plain sha256 are checked, then re-sealed with HMAC under AUDIT_KEY

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01 11:30:00

A plain SHA-256 seal can be recomputed by anyone who can write to the database, so from this
revision on verification refuses every ``sha256`` seal. First the chain as it stands is checked
(the plain events by plain SHA-256, later keyed events by HMAC under the app's keys); if any
event does not hold, the upgrade stops and names it, because re-sealing a tampered trail would
launder the tampering: investigate or restore the trail from a backup, then upgrade again. Then
every event from the first plain one on is re-sealed under the current ``AUDIT_KEY`` (read from
the app's config, as ``flask db upgrade`` runs inside the app). Downgrading keeps the keyed seals.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from alembic import op
from flask import current_app

from lms.audit.seal import GENESIS, LEGACY, AuditKeys, fingerprint, plain_sha256, seal
from lms.db import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

BATCH = 1000

events = sa.table(
    "audit_events",
    sa.column("id", sa.Integer),
    sa.column("occurred_at", UTCDateTime()),  # read back in UTC, as the app seals it
    sa.column("actor_id", sa.Integer),
    sa.column("actor_name", sa.String),
    sa.column("action", sa.String),
    sa.column("subject_type", sa.String),
    sa.column("subject_id", sa.String),
    sa.column("scheme_id", sa.Integer),
    sa.column("reason", sa.Text),
    sa.column("details", sa.JSON),
    sa.column("prev_hash", sa.String),
    sa.column("hash", sa.String),
    sa.column("seal", sa.String),
)


@dataclass
class _Event:
    """One row with the fields the seal covers (``lms.audit.seal`` reads them by name)."""

    id: int
    occurred_at: datetime
    actor_id: int | None
    actor_name: str
    action: str
    subject_type: str
    subject_id: str
    scheme_id: int | None
    reason: str
    details: dict = field(default_factory=dict)
    prev_hash: str = GENESIS
    hash: str = ""
    seal: str = LEGACY


def _rows(connection):
    """Every event in id order, read a batch at a time."""
    after = 0
    while True:
        batch = connection.execute(
            sa.select(*events.c).where(events.c.id > after).order_by(events.c.id).limit(BATCH)
        ).all()
        for row in batch:
            yield _Event(**row._mapping)
        if len(batch) < BATCH:
            return
        after = batch[-1].id


def _first_problem(connection, keys):
    """(event id, what is wrong) for the first event whose seal or link does not hold."""
    expected_prev = GENESIS
    seen_keyed = False
    for event in _rows(connection):
        if event.prev_hash != expected_prev:
            return event.id, "does not follow the event before it"
        if event.seal == LEGACY:
            if seen_keyed:
                return event.id, "has a plain SHA-256 seal after keyed events"
            if plain_sha256(event) != event.hash:
                return event.id, "was changed after it was written (its SHA-256 does not match)"
        else:
            seen_keyed = True
            expected = fingerprint(event, keys)
            if expected is None:
                return event.id, f"is sealed with audit key {event.seal!r}, not in AUDIT_KEYS_OLD"
            if expected != event.hash:
                return event.id, "was changed after it was written (its HMAC does not match)"
        expected_prev = event.hash
    return None


def upgrade():
    connection = op.get_bind()
    first_legacy = connection.execute(
        sa.select(sa.func.min(events.c.id)).where(events.c.seal == LEGACY)
    ).scalar()
    if first_legacy is None:
        return  # nothing was sealed without the key
    keys = AuditKeys.from_config(current_app.config)
    problem = _first_problem(connection, keys)
    if problem is not None:
        event_id, what = problem
        raise RuntimeError(
            f"The audit trail is broken at event {event_id}: it {what}. Re-sealing it under "
            "AUDIT_KEY would hide that, so the upgrade stopped. Investigate event "
            f"{event_id} (or restore the audit_events table from a backup), then run the "
            "upgrade again."
        )
    # Legacy events only ever come before keyed ones (checked above), but re-sealing the last
    # of them changes its hash, so every keyed event after it is re-linked and re-sealed too.
    prev = GENESIS
    resealed = keyed_after = 0
    for event in _rows(connection):
        if event.id >= first_legacy:
            keyed_after += event.seal != LEGACY
            event.prev_hash = prev
            seal(event, keys)
            connection.execute(
                events.update()
                .where(events.c.id == event.id)
                .values(prev_hash=event.prev_hash, hash=event.hash, seal=event.seal)
            )
            resealed += 1
        prev = event.hash
    log = logging.getLogger("alembic.runtime.migration")
    log.info(f"Re-sealed {resealed} audit events under audit key {keys.current_id!r}.")
    if keyed_after:
        log.warning(
            "Checkpoints taken before this upgrade no longer match the re-sealed trail: move "
            "them aside (keep them) and run `flask --app lms audit checkpoint` now."
        )


def downgrade():
    pass  # the keyed seals stay: a plain SHA-256 seal is what this revision removed
