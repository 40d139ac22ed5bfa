"""Practice log entries and the sign-off of observed sessions."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import Person
from lms.db import utcnow
from lms.extensions import db

PENDING, CONFIRMED, REJECTED, WITHDRAWN = "pending", "confirmed", "rejected", "withdrawn"
SESSION_KINDS = {
    "shadowing": "Shadowing",
    "co_worked": "Co-worked session",
    "observed": "Observed session",
    "group_supervision": "Group supervision",
}
# Practice with the people of an optional pathway counts towards that pathway's endorsement
# (certificates name it as ``practice_pathway``); every confirmed session counts for the core.
PRACTICE_PATHWAYS = {
    "young-people": "A young person under 18 (young people pathway)",
    "women": "A woman on the women's pathway",
}
PATHWAY_PEOPLE = {"young-people": "young people under 18", "women": "women"}


class PracticeEntry(db.Model):
    """A supervised practice session a trainee logged, waiting for or given a decision."""

    __tablename__ = "practice_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    scheme_id: Mapped[int | None] = mapped_column(ForeignKey("schemes.id"), index=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    session_date: Mapped[date]
    duration_minutes: Mapped[int]
    kind: Mapped[str] = mapped_column(String(30))
    location: Mapped[str] = mapped_column(String(200))
    reflection: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
    pathway: Mapped[str | None] = mapped_column(String(40))

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    supervisor: Mapped[Person] = relationship(foreign_keys=[supervisor_id])
    decided_by: Mapped[Person | None] = relationship(foreign_keys=[decided_by_id])
    observation: Mapped[ObservationSignoff | None] = relationship(back_populates="entry")

    __table_args__ = (
        CheckConstraint(
            "status in ('pending', 'confirmed', 'rejected', 'withdrawn')", name="status_known"
        ),
        CheckConstraint(
            "kind in ('shadowing', 'co_worked', 'observed', 'group_supervision')",
            name="kind_known",
        ),
        CheckConstraint(
            "pathway is null or pathway in ('young-people', 'women')", name="pathway_known"
        ),
        CheckConstraint(
            "duration_minutes > 0 and duration_minutes <= 720 and duration_minutes % 15 = 0",
            name="duration_in_quarter_hours",
        ),
        Index("ix_practice_entries_supervisor_status", "supervisor_id", "status"),
    )


class ObservationSignoff(db.Model):
    """A trainer's sign-off of an observed session against the checklist.

    ``checklist`` is a list of ``{"id", "item", "met", "comment"}``.
    """

    __tablename__ = "observation_signoffs"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(ForeignKey("practice_entries.id"), unique=True)
    observer_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    checklist: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    outcome: Mapped[str] = mapped_column(String(20))
    comments: Mapped[str] = mapped_column(Text, default="")
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)

    entry: Mapped[PracticeEntry] = relationship(back_populates="observation")
    observer: Mapped[Person] = relationship()

    __table_args__ = (CheckConstraint("outcome in ('passed', 'not_yet')", name="outcome_known"),)
