"""Audit events: who did what, when and why, each chained to the one before by its hash."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import utcnow
from lms.extensions import db

if TYPE_CHECKING:  # accounts record events, so the trail names people by table, not by import
    from lms.accounts.models import Person


class AuditEvent(db.Model):
    """One decision. Rows are only ever inserted; ``hash`` covers the row, ``prev_hash`` and
    ``seal``, under the audit key that ``seal`` names (see ``lms.audit.seal``)."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"), index=True)
    actor_name: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(80), index=True)
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(64))
    scheme_id: Mapped[int | None] = mapped_column(ForeignKey("schemes.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)
    # How ``hash`` was made: "hmac-sha256:<key id>", or "sha256" for events from before keys.
    seal: Mapped[str] = mapped_column(String(40), server_default="sha256")

    actor: Mapped[Person | None] = relationship("Person")

    __table_args__ = (Index("ix_audit_events_subject", "subject_type", "subject_id"),)
