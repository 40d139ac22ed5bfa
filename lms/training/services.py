"""Rules for taking training: lessons, starting and submitting quizzes, the learning path."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, lazyload, selectinload

from lms.accounts.locks import lock_person
from lms.accounts.models import Person
from lms.audit.services import record
from lms.content.models import Lesson, Module, ModuleVersion
from lms.db import utcnow
from lms.domain import DomainError
from lms.training.blueprint import draw_questions, option_order
from lms.training.marking import QUESTION_TYPES, attempt_window, score
from lms.training.models import AttemptQuestion, LessonProgress, QuizAttempt
from lms.training.saving import AnswersRefused as AnswersRefused
from lms.training.saving import parse_answers as parse_answers

NOT_STARTED, IN_PROGRESS, PASSED, NEEDS_REFRESH = (
    "not_started",
    "in_progress",
    "passed",
    "needs_refresh",
)
STATUS_LABELS = {
    NOT_STARTED: "Not started",
    IN_PROGRESS: "In progress",
    PASSED: "Passed",
    NEEDS_REFRESH: "Needs refresh",
}


class TrainingError(DomainError):
    """A request the training rules refuse; the message is safe to show to the trainee."""


class AttemptNotAllowed(TrainingError):
    """No new attempt may start now (already passed, or waiting for the cooldown)."""

    code = "not_allowed"


class AlreadySubmitted(TrainingError):
    """The attempt was marked before; a second submission changes nothing."""

    code = "already_submitted"


# ---------------------------------------------------------------------------
# Modules and lessons


def active_modules(session: Session) -> list[Module]:
    """Modules on the learning path, in order, with their current versions loaded."""
    stmt = (
        select(Module)
        .where(Module.retired.is_(False), Module.current_version_id.is_not(None))
        .options(selectinload(Module.current_version))
        .order_by(Module.position, Module.slug)
    )
    return list(session.scalars(stmt))


def find_module(session: Session, slug: str) -> Module | None:
    stmt = select(Module).where(Module.slug == slug, Module.retired.is_(False))
    module = session.scalars(stmt).first()
    return module if module is not None and module.current_version is not None else None


def lessons_read(session: Session, person: Person, module: Module) -> set[str]:
    stmt = select(LessonProgress.lesson_slug).where(
        LessonProgress.person_id == person.id, LessonProgress.module_id == module.id
    )
    return set(session.scalars(stmt))


def mark_lesson_read(session: Session, person: Person, module: Module, lesson: Lesson) -> None:
    """Record that the trainee has read a lesson (once; reading again changes nothing)."""
    if lesson.slug in lessons_read(session, person, module):
        return
    session.add(LessonProgress(person_id=person.id, module_id=module.id, lesson_slug=lesson.slug))
    session.flush()


# ---------------------------------------------------------------------------
# Attempts


def attempts_for(session: Session, person: Person, module: Module) -> list[QuizAttempt]:
    stmt = (
        select(QuizAttempt)
        .where(QuizAttempt.person_id == person.id, QuizAttempt.module_id == module.id)
        .order_by(QuizAttempt.started_at, QuizAttempt.id)
    )
    return list(session.scalars(stmt))


def _passed_current(attempts: list[QuizAttempt], version: ModuleVersion) -> bool:
    return any(
        a.passed and a.module_version.questions_hash == version.questions_hash for a in attempts
    )


@dataclass(frozen=True)
class QuizAvailability:
    """Whether the trainee may start (or resume) the quiz now, and if not, why."""

    allowed: bool
    reason: str = ""
    wait_until: datetime | None = None
    in_progress: QuizAttempt | None = None
    attempts_left_in_set: int = 0


def quiz_availability(
    session: Session, person: Person, module: Module, now: datetime | None = None
) -> QuizAvailability:
    """Apply the attempt rules: resume an open attempt; no retake after a pass; limits and waits."""
    now = now or utcnow()
    version = module.current_version
    attempts = attempts_for(session, person, module)
    open_attempt = next((a for a in attempts if a.status == "in_progress"), None)
    if open_attempt is not None:
        return QuizAvailability(True, in_progress=open_attempt)
    if _passed_current(attempts, version):
        return QuizAvailability(False, "You have passed this quiz.")
    submitted = [a.submitted_at for a in attempts if a.submitted_at is not None]
    cooldown = timedelta(hours=version.cooldown_hours)
    window = attempt_window(submitted, version.attempt_limit, cooldown, now)
    if window.wait_until is not None:
        return QuizAvailability(
            False,
            f"You have used your {version.attempt_limit} attempts for now. "
            "Read the lessons again, then try later.",
            wait_until=window.wait_until,
        )
    return QuizAvailability(True, attempts_left_in_set=version.attempt_limit - window.used)


def start_attempt(
    session: Session,
    person: Person,
    module: Module,
    rng: random.Random | None = None,
    now: datetime | None = None,
) -> QuizAttempt:
    """Resume the open attempt, or draw (by the blueprint) and store a new one; may raise
    ``AttemptNotAllowed``.

    The person's row is locked first (``lock_person``) and the rules are read after the lock, so
    attempts started at once (several tabs, a script) queue up: the first draws a new attempt,
    the others resume it or are told no attempt is left, and the limit holds.
    """
    lock_person(session, person.id)
    availability = quiz_availability(session, person, module, now)
    if availability.in_progress is not None:
        return availability.in_progress
    if not availability.allowed:
        raise AttemptNotAllowed(availability.reason)
    rng = rng or random.SystemRandom()
    version = module.current_version
    drawn = draw_questions(version.questions, version.outcomes, version.questions_per_attempt, rng)
    attempt = QuizAttempt(
        person_id=person.id,
        module_id=module.id,
        module_version_id=version.id,
        question_count=len(drawn),
        started_at=now or utcnow(),
    )
    for position, question in enumerate(drawn, start=1):
        order = option_order(question, rng)
        attempt.questions.append(
            AttemptQuestion(question_id=question.id, position=position, option_order=order)
        )
    session.add(attempt)
    session.flush()
    return attempt


def submit_attempt(
    session: Session,
    person: Person,
    attempt: QuizAttempt,
    answers: dict[int, list[int]],
    now: datetime | None = None,
) -> QuizAttempt:
    """Mark the attempt once. A second submission (even a simultaneous one) raises."""
    now = now or utcnow()
    claimed = session.execute(
        update(QuizAttempt)
        .where(QuizAttempt.id == attempt.id, QuizAttempt.status == "in_progress")
        .values(status="submitted", submitted_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise AlreadySubmitted("You have already sent these answers. Here is your result.")
    session.refresh(attempt)
    results = []
    for aq in attempt.questions:
        question = aq.question
        aq.selected = answers.get(aq.id, [])
        aq.correct = QUESTION_TYPES[question.type].mark(question.options, aq.selected)
        results.append((aq.correct, question.must_pass))
    outcome = score(results, attempt.module_version.pass_mark)
    attempt.correct_count = outcome.correct
    attempt.score_percent = outcome.percent
    attempt.passed = outcome.passed
    attempt.failed_must_pass = outcome.failed_must_pass
    record(
        session,
        actor=person,
        action="quiz.passed" if outcome.passed else "quiz.failed",
        subject_type="quiz_attempt",
        subject_id=attempt.id,
        scheme_id=person.scheme_id,
        details={
            "module": attempt.module.slug,
            "version": attempt.module_version.number,
            "score": f"{outcome.correct}/{outcome.total}",
            "failed_must_pass": outcome.failed_must_pass,
        },
    )
    session.flush()
    return attempt


def may_see_right_answers(session: Session, attempt: QuizAttempt) -> bool:
    """Right answers show when the module allows it always, or once the trainee has passed."""
    if attempt.module_version.show_answers == "always":
        return True
    attempts = attempts_for(session, attempt.person, attempt.module)
    return _passed_current(attempts, attempt.module.current_version) or bool(attempt.passed)


# ---------------------------------------------------------------------------
# The learning path


@dataclass
class PathEntry:
    """One module on a trainee's learning path."""

    module: Module
    version: ModuleVersion
    status: str
    lessons_done: int
    lessons_total: int
    best_percent: int | None = None
    passed_at: datetime | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def module_status(
    version: ModuleVersion, attempts: list[QuizAttempt], lessons_done: int
) -> tuple[str, datetime | None]:
    """Passed (this question set), needs refresh (passed an older set), in progress, or not."""
    passed = [a for a in attempts if a.passed]
    current = [a for a in passed if a.module_version.questions_hash == version.questions_hash]
    if current:
        return PASSED, min(a.submitted_at for a in current)
    if passed:
        return NEEDS_REFRESH, None
    if attempts or lessons_done:
        return IN_PROGRESS, None
    return NOT_STARTED, None


def learning_path(session: Session, person: Person, pathway: str | None = None) -> list[PathEntry]:
    """The trainee's modules in order with their status, from three queries in all."""
    modules = active_modules(session)
    if pathway:
        modules = [m for m in modules if m.current_version.pathway == pathway]
    progress: dict[int, set[str]] = {}
    for module_id, slug in session.execute(
        select(LessonProgress.module_id, LessonProgress.lesson_slug).where(
            LessonProgress.person_id == person.id
        )
    ):
        progress.setdefault(module_id, set()).add(slug)
    attempts: dict[int, list[QuizAttempt]] = {}
    stmt = (
        select(QuizAttempt)
        .where(QuizAttempt.person_id == person.id)
        .options(selectinload(QuizAttempt.module_version), lazyload(QuizAttempt.questions))
        .order_by(QuizAttempt.id)
    )
    for attempt in session.scalars(stmt):
        attempts.setdefault(attempt.module_id, []).append(attempt)
    lesson_slugs = _lesson_slugs(session, [m.current_version_id for m in modules])
    entries = []
    for module in modules:
        version = module.current_version
        slugs = lesson_slugs.get(version.id, [])
        done = len(progress.get(module.id, set()) & set(slugs))
        tried = attempts.get(module.id, [])
        status, passed_at = module_status(version, tried, done)
        scores = [a.score_percent for a in tried if a.score_percent is not None]
        entries.append(
            PathEntry(
                module=module,
                version=version,
                status=status,
                lessons_done=done,
                lessons_total=len(slugs),
                best_percent=max(scores) if scores else None,
                passed_at=passed_at,
            )
        )
    return entries


def _lesson_slugs(session: Session, version_ids: list[int | None]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    stmt = (
        select(Lesson.module_version_id, Lesson.slug)
        .where(Lesson.module_version_id.in_([v for v in version_ids if v]))
        .order_by(Lesson.position)
    )
    for version_id, slug in session.execute(stmt):
        found.setdefault(version_id, []).append(slug)
    return found
