"""Training modules as loaded from ``modules/``; every change is a new, immutable version."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.db import utcnow
from lms.extensions import db


class Module(db.Model):
    """A training module, identified by its slug; ``current_version`` is what trainees take."""

    __tablename__ = "modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("module_versions.id", use_alter=True, name="fk_modules_current_version")
    )
    position: Mapped[int] = mapped_column(default=0)
    retired: Mapped[bool] = mapped_column(default=False)

    current_version: Mapped[ModuleVersion | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    versions: Mapped[list[ModuleVersion]] = relationship(
        back_populates="module",
        foreign_keys="ModuleVersion.module_id",
        order_by="ModuleVersion.number",
    )


class ModuleVersion(db.Model):
    """One exact state of a module's files, keyed by their content hash. Never changed."""

    __tablename__ = "module_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    questions_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    declared_version: Mapped[int]
    pathway: Mapped[str] = mapped_column(String(40))
    competences: Mapped[list[str]] = mapped_column(JSON)
    pass_mark: Mapped[int]
    questions_per_attempt: Mapped[int]
    attempt_limit: Mapped[int]
    cooldown_hours: Mapped[int]
    show_answers: Mapped[str] = mapped_column(String(20))
    # The learning outcomes and how an attempt is drawn: ``{"id", "text", "draw"}`` each, in
    # module.yaml's order; ``draw`` questions of each outcome are asked in every attempt.
    outcomes: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)

    module: Mapped[Module] = relationship(back_populates="versions", foreign_keys=[module_id])
    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module_version", order_by="Lesson.position"
    )
    questions: Mapped[list[Question]] = relationship(
        back_populates="module_version", order_by="Question.position"
    )
    scenarios: Mapped[list[ScenarioAssessment]] = relationship(
        back_populates="module_version", order_by="ScenarioAssessment.key"
    )

    __table_args__ = (
        UniqueConstraint("module_id", "number", name="uq_module_versions_module_number"),
        UniqueConstraint("module_id", "content_hash", name="uq_module_versions_module_hash"),
    )

    @property
    def slug(self) -> str:
        return self.module.slug


class Lesson(db.Model):
    """A lesson of one module version: Markdown source and its rendered, sanitised HTML."""

    __tablename__ = "lessons"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"), index=True)
    position: Mapped[int]
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    body_markdown: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text)

    module_version: Mapped[ModuleVersion] = relationship(back_populates="lessons")

    __table_args__ = (
        UniqueConstraint("module_version_id", "slug", name="uq_lessons_version_slug"),
    )


class Question(db.Model):
    """A question as it stood in one module version; attempts point at exactly this row.

    ``options`` is a list of ``{"text", "correct", "feedback"}`` in the order written.
    """

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"), index=True)
    position: Mapped[int]
    key: Mapped[str] = mapped_column(String(120))
    type: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    scenario: Mapped[str | None] = mapped_column(Text)
    must_pass: Mapped[bool] = mapped_column(default=False)
    outcome: Mapped[str | None] = mapped_column(String(120))
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    content_hash: Mapped[str] = mapped_column(String(64))

    module_version: Mapped[ModuleVersion] = relationship(back_populates="questions")

    __table_args__ = (
        UniqueConstraint("module_version_id", "key", name="uq_questions_version_key"),
    )


class ScenarioAssessment(db.Model):
    """A written scenario task marked by a trainer against a rubric (see the marking feature).

    ``rubric`` is a list of ``{"id", "criterion", "met", "not_met"}`` (versions synced before
    rubrics became descriptors hold ``{"id", "criterion", "guidance"}``). ``examples`` holds the
    calibration answers shown to trainers only: ``{"kind", "answer", "outcome", "met", "notes"}``.
    """

    __tablename__ = "scenario_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    module_version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"), index=True)
    key: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    situation: Mapped[str] = mapped_column(Text)
    task: Mapped[str] = mapped_column(Text)
    min_words: Mapped[int]
    rubric: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    examples: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON)

    module_version: Mapped[ModuleVersion] = relationship(back_populates="scenarios")

    __table_args__ = (
        UniqueConstraint("module_version_id", "key", name="uq_scenario_assessments_version_key"),
    )
