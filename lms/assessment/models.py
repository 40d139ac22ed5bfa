"""Scenario answers (each attempt kept) and the marks trainers give them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import Person
from lms.content.models import Module, ScenarioAssessment
from lms.db import utcnow
from lms.extensions import db

DRAFT, SUBMITTED, MARKED = "draft", "submitted", "marked"
PASS, REFER = "pass", "refer"
FIRST, SECOND = "first", "second"
WRITTEN, ORAL = "written", "oral"
IN_PERSON, PHONE = "in_person", "phone"


class ScenarioSubmission(db.Model):
    """One attempt at a scenario assessment: a draft, then submitted, then marked.

    A referred answer is resubmitted as a new row with the next ``attempt_number``; earlier
    attempts and their marks are never changed.
    """

    __tablename__ = "scenario_submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    scheme_id: Mapped[int | None] = mapped_column(ForeignKey("schemes.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"))
    scenario_id: Mapped[int] = mapped_column(ForeignKey("scenario_assessments.id"))
    scenario_key: Mapped[str]
    attempt_number: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(default=DRAFT)
    answer: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    claimed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    claimed_at: Mapped[datetime | None]
    outcome: Mapped[str | None]
    marked_at: Mapped[datetime | None]
    flagged: Mapped[bool] = mapped_column(default=False)
    # An oral answer: given out loud to a trainer (in person or by phone) on ``oral_on``; the
    # trainer's notes are the ``answer`` and their mark is the first mark.
    mode: Mapped[str] = mapped_column(String(20), default=WRITTEN, server_default=WRITTEN)
    oral_channel: Mapped[str | None] = mapped_column(String(20))
    oral_on: Mapped[date | None]
    # A flagged disagreement closed by a lead trainer: ``outcome`` is then the agreed outcome.
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    resolved_at: Mapped[datetime | None]
    resolution: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    claimed_by: Mapped[Person | None] = relationship(foreign_keys=[claimed_by_id])
    resolved_by: Mapped[Person | None] = relationship(foreign_keys=[resolved_by_id])
    module: Mapped[Module] = relationship()
    scenario: Mapped[ScenarioAssessment] = relationship()
    marks: Mapped[list[ScenarioMark]] = relationship(
        back_populates="submission", order_by="ScenarioMark.id"
    )

    __table_args__ = (
        CheckConstraint("status in ('draft', 'submitted', 'marked')", name="status_known"),
        CheckConstraint("outcome is null or outcome in ('pass', 'refer')", name="outcome_known"),
        CheckConstraint("mode in ('written', 'oral')", name="mode_known"),
        CheckConstraint(
            "oral_channel is null or oral_channel in ('in_person', 'phone')",
            name="oral_channel_known",
        ),
        UniqueConstraint(
            "person_id", "scenario_key", "attempt_number", name="uq_scenario_submissions_attempt"
        ),
        Index("ix_scenario_submissions_queue", "status", "submitted_at"),
    )

    def mark_of(self, kind: str) -> ScenarioMark | None:
        return next((m for m in self.marks if m.kind == kind), None)


class ScenarioMark(db.Model):
    """A trainer's mark: each rubric criterion met or not with a comment, and pass or refer.

    ``criteria`` is a list of ``{"id", "criterion", "met", "comment"}`` in rubric order.
    """

    __tablename__ = "scenario_marks"

    id: Mapped[int] = mapped_column(primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("scenario_submissions.id"), index=True)
    marker_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    kind: Mapped[str] = mapped_column(default=FIRST)
    outcome: Mapped[str]
    criteria: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    feedback: Mapped[str] = mapped_column(Text)
    marked_at: Mapped[datetime] = mapped_column(default=utcnow)

    submission: Mapped[ScenarioSubmission] = relationship(back_populates="marks")
    marker: Mapped[Person] = relationship()

    __table_args__ = (
        UniqueConstraint("submission_id", "kind", name="uq_scenario_marks_submission_kind"),
        CheckConstraint("kind in ('first', 'second')", name="kind_known"),
        CheckConstraint("outcome in ('pass', 'refer')", name="outcome_known"),
    )


class HeldAnswer(db.Model):
    """Written answer text sent after its writer's sign-in had ended, kept until they sign in.

    The browser holds a random token in a cookie; only its SHA-256 is stored here, so the table
    alone opens nothing. ``person_id`` is the trainee the answer page was shown to (from a
    signed field of that page); the text goes into their draft only if they are the one who
    signs in next on that browser, and is deleted then, or when someone else signs in there,
    or at ``expires_at``.
    """

    __tablename__ = "held_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    module_slug: Mapped[str] = mapped_column(String(120))
    scenario_key: Mapped[str] = mapped_column(String(120))
    answer: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
