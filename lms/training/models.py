"""A trainee's lesson progress and quiz attempts, with exactly what each attempt showed."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import Person
from lms.content.models import Module, ModuleVersion, Question
from lms.db import utcnow
from lms.extensions import db


class LessonProgress(db.Model):
    """A trainee finished reading a lesson (by module and lesson slug, across versions)."""

    __tablename__ = "lesson_progress"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"))
    lesson_slug: Mapped[str]
    completed_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint(
            "person_id", "module_id", "lesson_slug", name="uq_lesson_progress_person_lesson"
        ),
    )


class QuizAttempt(db.Model):
    """One attempt at a module's quiz: drawn at start, marked once at submission."""

    __tablename__ = "quiz_attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"))
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"), index=True)
    status: Mapped[str] = mapped_column(default="in_progress")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    correct_count: Mapped[int | None]
    question_count: Mapped[int]
    score_percent: Mapped[int | None]
    passed: Mapped[bool | None]
    failed_must_pass: Mapped[bool | None]

    person: Mapped[Person] = relationship()
    module: Mapped[Module] = relationship()
    module_version: Mapped[ModuleVersion] = relationship()
    questions: Mapped[list[AttemptQuestion]] = relationship(
        back_populates="attempt", order_by="AttemptQuestion.position", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint("status in ('in_progress', 'submitted')", name="status_known"),
        Index("ix_quiz_attempts_person_module", "person_id", "module_id"),
    )


class AttemptQuestion(db.Model):
    """A question as shown in one attempt: its position, option order and the answer given.

    ``option_order`` lists indexes into ``Question.options`` in the order shown;
    ``selected`` lists indexes into ``Question.options`` that the trainee chose.
    """

    __tablename__ = "attempt_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("quiz_attempts.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    position: Mapped[int]
    option_order: Mapped[list[int]] = mapped_column(JSON)
    selected: Mapped[list[int] | None] = mapped_column(JSON)
    correct: Mapped[bool | None]

    attempt: Mapped[QuizAttempt] = relationship(back_populates="questions")
    question: Mapped[Question] = relationship(lazy="joined")

    __table_args__ = (
        UniqueConstraint("attempt_id", "position", name="uq_attempt_questions_attempt_position"),
    )
