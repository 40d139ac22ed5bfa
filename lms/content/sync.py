"""Load checked modules into the database by content hash; a changed module is a new version."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.content.loader import ModuleSource, Problem, load_modules
from lms.content.models import Lesson, Module, ModuleVersion, Question, ScenarioAssessment
from lms.content.render import render_markdown


class ContentInvalid(Exception):
    """The content has problems, so nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the training content")
        self.problems = problems


@dataclass
class SyncReport:
    """Which module slugs a sync created, gave a new current version, left alone or retired."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether the sync wrote anything."""
        return bool(self.created or self.updated or self.retired)

    def lines(self) -> list[str]:
        """The report as short lines for the command line."""
        return [
            f"{label}: {', '.join(slugs) if slugs else '-'}"
            for label, slugs in (
                ("Created", self.created),
                ("Updated", self.updated),
                ("Unchanged", self.unchanged),
                ("Retired", self.retired),
            )
        ]


def _new_version(session: Session, module: Module, source: ModuleSource) -> ModuleVersion:
    meta = source.meta
    latest = session.scalar(
        select(func.max(ModuleVersion.number)).where(ModuleVersion.module_id == module.id)
    )
    version = ModuleVersion(
        module=module,
        number=(latest or 0) + 1,
        content_hash=source.content_hash,
        questions_hash=source.questions_hash,
        title=meta.title,
        summary=meta.summary,
        declared_version=meta.version,
        pathway=meta.pathway,
        competences=list(meta.competences),
        pass_mark=meta.pass_mark,
        questions_per_attempt=meta.questions_per_attempt,
        attempt_limit=meta.attempt_limit,
        cooldown_hours=meta.cooldown_hours,
        show_answers=meta.show_answers,
        outcomes=[outcome.model_dump() for outcome in meta.outcomes],
    )
    version.lessons = [
        Lesson(
            position=position,
            slug=lesson.slug,
            title=lesson.title,
            body_markdown=lesson.markdown,
            body_html=render_markdown(lesson.markdown),
        )
        for position, lesson in enumerate(source.lessons, start=1)
    ]
    version.questions = [
        Question(
            position=position,
            key=question.id,
            type=question.type,
            prompt=question.prompt,
            scenario=question.scenario,
            must_pass=question.must_pass,
            outcome=question.outcome,
            options=[option.model_dump() for option in question.options],
            content_hash=source.question_hashes[question.id],
        )
        for position, question in enumerate(source.questions, start=1)
    ]
    version.scenarios = [
        ScenarioAssessment(
            key=scenario.id,
            title=scenario.title,
            situation=scenario.situation,
            task=scenario.task,
            min_words=scenario.min_words,
            rubric=[criterion.model_dump() for criterion in scenario.rubric],
            examples=[example.model_dump() for example in scenario.examples],
        )
        for scenario in source.scenarios
    ]
    session.add(version)
    return version


def _sync_module(session: Session, module: Module | None, source: ModuleSource) -> str:
    """Bring one module up to date with its files; returns created, updated or unchanged."""
    outcome = "unchanged"
    if module is None:
        module = Module(slug=source.slug, position=source.meta.order, retired=False)
        session.add(module)
        session.flush()
        outcome = "created"
    version = session.scalar(
        select(ModuleVersion).where(
            ModuleVersion.module_id == module.id,
            ModuleVersion.content_hash == source.content_hash,
        )
    )
    if version is None:
        version = _new_version(session, module, source)
    if module.current_version is not version or module.retired:
        # New files, files put back as they were in an earlier version, or a module restored.
        module.current_version = version
        outcome = "updated" if outcome == "unchanged" else outcome
    module.retired = False
    module.position = source.meta.order
    return outcome


def sync_content(session: Session, root: Path) -> SyncReport:
    """Check the modules under ``root`` and load them into the database.

    Raises ContentInvalid, writing nothing, if any problem is found. A module whose files are
    unchanged is left alone; changed files become a new ModuleVersion that the module's
    ``current_version`` then points at, and older versions are never touched. When ``root`` is a
    folder of modules, modules whose folder has gone are retired. Flushes; the caller commits.
    """
    sources, problems = load_modules(root)
    if problems:
        raise ContentInvalid(problems)
    report = SyncReport()
    existing = {module.slug: module for module in session.scalars(select(Module))}
    for source in sources:
        outcome = _sync_module(session, existing.get(source.slug), source)
        getattr(report, outcome).append(source.slug)
    if not (Path(root) / "module.yaml").is_file():
        present = {source.slug for source in sources}
        for slug, module in sorted(existing.items()):
            if slug not in present and not module.retired:
                module.retired = True
                report.retired.append(slug)
    session.flush()
    return report
