"""What trainers see: their trainees' progress across modules, and how each question performs."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Person, PersonRole, Role
from lms.content.models import Lesson, Module, ModuleVersion, Question
from lms.training import item_stats
from lms.training.models import AttemptQuestion, LessonProgress, QuizAttempt
from lms.training.services import STATUS_LABELS, active_modules, module_status


def trainees_query(viewer: Person, query: str = "", scheme_id: int | None = None) -> Select:
    """Trainees the viewer may see (their scheme; admins any), by name, optionally searched."""
    stmt = (
        select(Person)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(PersonRole.role == Role.TRAINEE.value, Person.active.is_(True))
        .order_by(func.lower(Person.name), Person.id)
    )
    if viewer.has_role(Role.ADMIN):
        if scheme_id:
            stmt = stmt.where(Person.scheme_id == scheme_id)
    else:
        stmt = stmt.where(Person.scheme_id == viewer.scheme_id)
    if query.strip():
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(func.lower(Person.name).like(like) | Person.email.like(like))
    return stmt


@dataclass
class ProgressRow:
    """One trainee's status in every module, in path order."""

    person: Person
    statuses: list[str] = field(default_factory=list)

    @property
    def passed(self) -> int:
        return sum(1 for s in self.statuses if s == "passed")


def progress_rows(session: Session, trainees: list[Person], modules: list[Module]):
    """Statuses for every trainee in every module, from a fixed number of queries."""
    ids = [t.id for t in trainees]
    read: dict[tuple[int, int], set[str]] = defaultdict(set)
    for person_id, module_id, slug in session.execute(
        select(
            LessonProgress.person_id, LessonProgress.module_id, LessonProgress.lesson_slug
        ).where(LessonProgress.person_id.in_(ids))
    ):
        read[(person_id, module_id)].add(slug)
    attempts: dict[tuple[int, int], list[QuizAttempt]] = defaultdict(list)
    for attempt in session.scalars(
        select(QuizAttempt)
        .where(QuizAttempt.person_id.in_(ids), QuizAttempt.status == "submitted")
        .options(selectinload(QuizAttempt.module_version))
    ):
        attempts[(attempt.person_id, attempt.module_id)].append(attempt)
    lesson_slugs: dict[int, set[str]] = defaultdict(set)
    for version_id, slug in session.execute(
        select(Lesson.module_version_id, Lesson.slug).where(
            Lesson.module_version_id.in_([m.current_version_id for m in modules])
        )
    ):
        lesson_slugs[version_id].add(slug)
    rows = []
    for trainee in trainees:
        row = ProgressRow(trainee)
        for module in modules:
            key = (trainee.id, module.id)
            done = len(read[key] & lesson_slugs[module.current_version_id])
            status, _ = module_status(module.current_version, attempts[key], done)
            row.statuses.append(status)
        rows.append(row)
    return rows


def filter_rows(rows: list[ProgressRow], modules: list[Module], module_slug: str, status: str):
    """Keep rows whose status in ``module_slug`` is ``status`` (either may be blank)."""
    if not status:
        return rows
    indexes = [i for i, m in enumerate(modules) if not module_slug or m.slug == module_slug]
    return [r for r in rows if any(r.statuses[i] == status for i in indexes)]


def progress_csv_rows(rows: list[ProgressRow], modules: list[Module]) -> list[list[str]]:
    header = ["Name", "Email", "Scheme", "Modules passed"] + [m.slug for m in modules]
    body = [
        [
            r.person.name,
            r.person.email,
            r.person.scheme.name if r.person.scheme else "",
            str(r.passed),
            *[STATUS_LABELS[s] for s in r.statuses],
        ]
        for r in rows
    ]
    return [header, *body]


@dataclass
class QuestionStats:
    """How one question has been answered: how often right, how often each option was chosen,
    and how well it separates strong from weak candidates (see ``lms.training.item_stats``)."""

    question: Question
    answered: int
    correct: int
    option_counts: list[int]
    discrimination: float | None = None
    outcome_text: str | None = None

    @property
    def percent_correct(self) -> int | None:
        return (self.correct * 100) // self.answered if self.answered else None

    @property
    def facility(self) -> float | None:
        return item_stats.facility(self.answered, self.correct)

    @property
    def flags(self) -> list[str]:
        return item_stats.flags(self.answered, self.correct, self.discrimination)

    @property
    def discrimination_band(self) -> str:
        return item_stats.discrimination_band(self.answered, self.discrimination)


def question_stats(session: Session, version: ModuleVersion, viewer: Person) -> list[QuestionStats]:
    """Statistics for each question of one module version, over submitted attempts in the
    viewer's scope (trainers: their scheme; admins: all), from two queries whatever the data."""
    stmt = (
        select(
            AttemptQuestion.attempt_id,
            AttemptQuestion.question_id,
            AttemptQuestion.selected,
            AttemptQuestion.correct,
        )
        .join(QuizAttempt, QuizAttempt.id == AttemptQuestion.attempt_id)
        .where(QuizAttempt.module_version_id == version.id, QuizAttempt.status == "submitted")
    )
    if not viewer.has_role(Role.ADMIN):
        stmt = stmt.join(Person, Person.id == QuizAttempt.person_id).where(
            Person.scheme_id == viewer.scheme_id
        )
    answered: Counter[int] = Counter()
    correct: Counter[int] = Counter()
    chosen: dict[int, Counter[int]] = defaultdict(Counter)
    totals: Counter[int] = Counter()
    marks: dict[int, list[tuple[int, bool]]] = defaultdict(list)
    for attempt_id, question_id, selected, was_correct in session.execute(stmt):
        answered[question_id] += 1
        correct[question_id] += 1 if was_correct else 0
        chosen[question_id].update(selected or [])
        totals[attempt_id] += 1 if was_correct else 0
        marks[question_id].append((attempt_id, bool(was_correct)))
    outcomes = {o.get("id"): o.get("text") for o in version.outcomes or []}
    return [
        QuestionStats(
            question=q,
            answered=answered[q.id],
            correct=correct[q.id],
            option_counts=[chosen[q.id][i] for i in range(len(q.options))],
            discrimination=item_stats.point_biserial(
                [(ok, totals[attempt_id] - ok) for attempt_id, ok in marks[q.id]]
            ),
            outcome_text=outcomes.get(q.outcome),
        )
        for q in version.questions
    ]


def module_versions(session: Session) -> list[tuple[Module, list[ModuleVersion]]]:
    modules = active_modules(session)
    return [(m, list(m.versions)) for m in modules]
