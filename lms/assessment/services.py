"""Rules for scenario answers: drafts, submission, claims, marking and second marking."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, or_, select, update
from sqlalchemy.orm import Session, selectinload

from lms.accounts.duties import refuse_own
from lms.accounts.locks import lock_person
from lms.accounts.models import Person, Role
from lms.assessment.answer_rules import MAX_WORDS, send_problem, too_long
from lms.assessment.answer_rules import word_count as word_count  # callers use it from here
from lms.assessment.first_marks import first_mark
from lms.assessment.models import (
    DRAFT,
    FIRST,
    MARKED,
    PASS,
    REFER,
    SECOND,
    SUBMITTED,
    ScenarioMark,
    ScenarioSubmission,
)
from lms.audit.services import record
from lms.content.models import Module, ScenarioAssessment
from lms.db import utcnow
from lms.domain import DomainError
from lms.events import scenario_second_marked


class AssessmentError(DomainError):
    """A request the marking rules refuse; ``message`` is safe to show, ``field`` says where."""


@dataclass(frozen=True)
class Settings:
    """How long a claim lasts, how many attempts a trainee gets, the most words an answer has."""

    claim_minutes: int = 60
    max_attempts: int = 3
    max_words: int = MAX_WORDS


def settings_from(config) -> Settings:
    """The marking settings from the app's configuration."""
    return Settings(
        claim_minutes=int(config.get("SCENARIO_CLAIM_MINUTES", 60)),
        max_attempts=int(config.get("SCENARIO_MAX_ATTEMPTS", 3)),
        max_words=int(config.get("SCENARIO_MAX_WORDS", MAX_WORDS)),
    )


# ---------------------------------------------------------------------------
# Trainees


def current_scenarios(session: Session) -> list[tuple[Module, ScenarioAssessment]]:
    """Every scenario of every module's current version, in learning-path order."""
    stmt = (
        select(Module, ScenarioAssessment)
        .join(ScenarioAssessment, ScenarioAssessment.module_version_id == Module.current_version_id)
        .where(Module.retired.is_(False))
        .order_by(Module.position, ScenarioAssessment.key)
    )
    return [(module, scenario) for module, scenario in session.execute(stmt)]


def modules_with_scenarios(session: Session) -> list[Module]:
    seen: dict[int, Module] = {}
    for module, _ in current_scenarios(session):
        seen.setdefault(module.id, module)
    return list(seen.values())


def find_scenario(session: Session, module_slug: str, key: str) -> ScenarioAssessment | None:
    for module, scenario in current_scenarios(session):
        if module.slug == module_slug and scenario.key == key:
            return scenario
    return None


def attempts(session: Session, person: Person, scenario_key: str) -> list[ScenarioSubmission]:
    """The trainee's attempts at one scenario, first to latest."""
    stmt = (
        select(ScenarioSubmission)
        .where(
            ScenarioSubmission.person_id == person.id,
            ScenarioSubmission.scenario_key == scenario_key,
        )
        .options(selectinload(ScenarioSubmission.marks))
        .order_by(ScenarioSubmission.attempt_number)
    )
    return list(session.scalars(stmt))


def latest_by_scenario(session: Session, person: Person) -> dict[str, ScenarioSubmission]:
    stmt = (
        select(ScenarioSubmission)
        .where(ScenarioSubmission.person_id == person.id)
        .order_by(ScenarioSubmission.attempt_number)
    )
    return {s.scenario_key: s for s in session.scalars(stmt)}


WAITING, PASSED, USED_UP = "waiting", "passed", "used_up"


def attempt_block(history: list[ScenarioSubmission], settings: Settings) -> str | None:
    """Why no new attempt may start (WAITING, PASSED or USED_UP), or None when one may.

    Only sent attempts count (written or oral); a draft left unsent is not an attempt.
    """
    sent = [h for h in history if h.status != DRAFT]
    if any(h.status == SUBMITTED for h in sent):
        return WAITING
    if any(h.outcome == PASS for h in sent):
        return PASSED
    return USED_UP if len(sent) >= settings.max_attempts else None


def can_write(history: list[ScenarioSubmission], settings: Settings) -> tuple[bool, str]:
    """Whether the trainee may write (or go on writing) an answer now, and if not, why."""
    reasons = {
        WAITING: "Your answer has been sent. A trainer will mark it.",
        PASSED: "You have passed this assessment.",
        USED_UP: f"You have used all {settings.max_attempts} attempts. "
        "Talk to your trainer about what to do next.",
    }
    block = attempt_block(history, settings)
    return (False, reasons[block]) if block else (True, "")


def unsent_draft(history: list[ScenarioSubmission]) -> ScenarioSubmission | None:
    """The trainee's unsent draft, if any (an oral answer recorded since may follow it)."""
    return next((h for h in reversed(history) if h.status == DRAFT), None)


def save_answer(
    session: Session,
    person: Person,
    scenario: ScenarioAssessment,
    module: Module,
    text: str,
    *,
    submit: bool,
    settings: Settings,
    now: datetime | None = None,
) -> ScenarioSubmission:
    """Save the trainee's draft, and if ``submit``, send it for marking (once).

    The trainee's row is locked first (``lock_person``), so a trainer recording an oral answer
    at the same moment waits, then sees this attempt (and the reverse).
    """
    now = now or utcnow()
    lock_person(session, person.id)
    history = attempts(session, person, scenario.key)
    allowed, reason = can_write(history, settings)
    if not allowed:
        raise AssessmentError(reason)
    if problem := too_long(text):
        raise AssessmentError(problem, "answer")
    draft = unsent_draft(history)
    following = (history[-1].attempt_number + 1) if history else 1
    if draft is None:
        draft = ScenarioSubmission(
            person_id=person.id,
            scheme_id=person.scheme_id,
            module_id=module.id,
            scenario_id=scenario.id,
            scenario_key=scenario.key,
            attempt_number=following,
        )
        session.add(draft)
    elif draft is not history[-1]:
        draft.attempt_number = following  # an oral answer came since: the draft goes after it
    draft.answer = text
    draft.scenario_id = scenario.id
    draft.updated_at = now
    session.flush()
    if submit:
        if problem := send_problem(text, scenario.min_words, settings.max_words):
            raise AssessmentError(problem, "answer")
        sent = session.execute(
            update(ScenarioSubmission)
            .where(ScenarioSubmission.id == draft.id, ScenarioSubmission.status == DRAFT)
            .values(status=SUBMITTED, submitted_at=now)
            .execution_options(synchronize_session=False)
        )
        if sent.rowcount != 1:
            raise AssessmentError("This answer has already been sent.")
        session.refresh(draft)
        record(
            session,
            actor=person,
            action="scenario.submitted",
            subject_type="scenario_submission",
            subject_id=draft.id,
            scheme_id=person.scheme_id,
            details={"scenario": scenario.key, "attempt": draft.attempt_number},
        )
    return draft


# ---------------------------------------------------------------------------
# Trainers: the queue, claims and marks


def may_see(viewer: Person, scheme_id: int | None) -> bool:
    """Admins see every submission; trainers only those of their own scheme (``scheme_id``)."""
    if viewer.has_role(Role.ADMIN):
        return True
    return (
        viewer.has_role(Role.TRAINER)
        and viewer.scheme_id is not None
        and scheme_id == viewer.scheme_id
    )


def may_second_mark(viewer: Person) -> bool:
    return viewer.has_role(Role.ADMIN) or (viewer.has_role(Role.TRAINER) and viewer.lead_trainer)


def queue(viewer: Person, module_slug: str = "") -> Select[tuple[ScenarioSubmission]]:
    """Answers waiting for a mark in the viewer's scheme, oldest first, never their own."""
    stmt = (
        select(ScenarioSubmission)
        .where(ScenarioSubmission.status == SUBMITTED, ScenarioSubmission.person_id != viewer.id)
        .options(
            selectinload(ScenarioSubmission.person),
            selectinload(ScenarioSubmission.module).selectinload(Module.current_version),
            selectinload(ScenarioSubmission.scenario),
            selectinload(ScenarioSubmission.claimed_by),
        )
        .order_by(ScenarioSubmission.submitted_at, ScenarioSubmission.id)
    )
    if not viewer.has_role(Role.ADMIN):
        stmt = stmt.where(ScenarioSubmission.scheme_id == viewer.scheme_id)
    if module_slug:
        stmt = stmt.join(Module, Module.id == ScenarioSubmission.module_id).where(
            Module.slug == module_slug
        )
    return stmt


def claim_is_live(submission: ScenarioSubmission, settings: Settings, now: datetime) -> bool:
    return (
        submission.claimed_by_id is not None
        and submission.claimed_at is not None
        and submission.claimed_at > now - timedelta(minutes=settings.claim_minutes)
    )


def claim(
    session: Session,
    marker: Person,
    submission: ScenarioSubmission,
    settings: Settings,
    now: datetime | None = None,
) -> None:
    """Take a submission for marking, unless someone else holds a live claim on it."""
    now = now or utcnow()
    refuse_own(marker, submission.person_id, "mark")
    lapsed = now - timedelta(minutes=settings.claim_minutes)
    taken = session.execute(
        update(ScenarioSubmission)
        .where(
            ScenarioSubmission.id == submission.id,
            ScenarioSubmission.status == SUBMITTED,
            or_(
                ScenarioSubmission.claimed_by_id.is_(None),
                ScenarioSubmission.claimed_by_id == marker.id,
                ScenarioSubmission.claimed_at < lapsed,
            ),
        )
        .values(claimed_by_id=marker.id, claimed_at=now)
        .execution_options(synchronize_session=False)
    )
    if taken.rowcount != 1:
        session.refresh(submission)
        if submission.status != SUBMITTED:
            raise AssessmentError("This answer has already been marked.")
        raise AssessmentError("Another trainer is marking this answer. Choose another one.")
    session.refresh(submission)
    record(
        session,
        actor=marker,
        action="scenario.claimed",
        subject_type="scenario_submission",
        subject_id=submission.id,
        scheme_id=submission.scheme_id,
    )


def release(session: Session, marker: Person, submission: ScenarioSubmission) -> None:
    """Give a claimed submission back to the queue."""
    session.execute(
        update(ScenarioSubmission)
        .where(
            ScenarioSubmission.id == submission.id,
            ScenarioSubmission.claimed_by_id == marker.id,
            ScenarioSubmission.status == SUBMITTED,
        )
        .values(claimed_by_id=None, claimed_at=None)
        .execution_options(synchronize_session=False)
    )
    session.refresh(submission)
    record(
        session,
        actor=marker,
        action="scenario.released",
        subject_type="scenario_submission",
        subject_id=submission.id,
        scheme_id=submission.scheme_id,
    )


@dataclass(frozen=True)
class CriterionMark:
    met: bool
    comment: str


def rubric_marks(scenario: ScenarioAssessment, marks: list[CriterionMark], outcome: str, feedback):
    """Check a mark against the rubric (every criterion, pass only when all are met, feedback)
    and return its criteria as stored on the ``ScenarioMark``."""
    if len(marks) != len(scenario.rubric):
        raise AssessmentError("Mark every criterion in the rubric.")
    if outcome not in (PASS, REFER):
        raise AssessmentError("Choose pass or refer.", "outcome")
    if outcome == PASS and not all(m.met for m in marks):
        raise AssessmentError(
            "An answer can only pass when every criterion is met. Choose refer, or change the "
            "criteria you marked as not met.",
            "outcome",
        )
    if not feedback.strip():
        raise AssessmentError("Write feedback for the trainee.", "feedback")
    return [
        {"id": c["id"], "criterion": c["criterion"], "met": m.met, "comment": m.comment.strip()}
        for c, m in zip(scenario.rubric, marks, strict=True)
    ]


def mark(
    session: Session,
    marker: Person,
    submission: ScenarioSubmission,
    marks: list[CriterionMark],
    outcome: str,
    feedback: str,
    now: datetime | None = None,
) -> ScenarioMark:
    """Record the first mark. Only the trainer holding the claim can mark, and only once."""
    refuse_own(marker, submission.person_id, "mark")
    now = now or utcnow()
    criteria = rubric_marks(submission.scenario, marks, outcome, feedback)
    done = session.execute(
        update(ScenarioSubmission)
        .where(
            ScenarioSubmission.id == submission.id,
            ScenarioSubmission.status == SUBMITTED,
            ScenarioSubmission.claimed_by_id == marker.id,
            ScenarioSubmission.person_id != marker.id,
        )
        .values(status=MARKED, outcome=outcome, marked_at=now)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        session.refresh(submission)
        if submission.status == MARKED:
            raise AssessmentError("This answer has already been marked.")
        raise AssessmentError(
            "Your claim on this answer has lapsed and another trainer has it now."
        )
    return first_mark(session, marker, submission, criteria, outcome, feedback, now)


def second_mark(
    session: Session,
    marker: Person,
    submission: ScenarioSubmission,
    marks: list[CriterionMark],
    outcome: str,
    feedback: str,
    now: datetime | None = None,
) -> ScenarioMark:
    """A lead trainer or admin marks a marked answer again; disagreement flags it."""
    refuse_own(marker, submission.person_id, "second_mark")
    if not may_second_mark(marker):
        raise AssessmentError("Only a lead trainer or an admin can second-mark.")
    if submission.status != MARKED:
        raise AssessmentError("Only marked answers can be second-marked.")
    first = submission.mark_of(FIRST)
    if first is None or first.marker_id == marker.id:
        raise AssessmentError("Someone other than the first marker must second-mark.")
    if submission.mark_of(SECOND) is not None:
        raise AssessmentError("This answer has already been second-marked.")
    criteria = rubric_marks(submission.scenario, marks, outcome, feedback)
    result = ScenarioMark(
        submission_id=submission.id,
        marker_id=marker.id,
        kind=SECOND,
        outcome=outcome,
        criteria=criteria,
        feedback=feedback.strip(),
        marked_at=now or utcnow(),
    )
    session.add(result)
    session.flush()  # the unique (submission, kind) constraint stops a simultaneous second mark
    disagree = outcome != first.outcome
    if disagree:
        submission.flagged = True
    record(
        session,
        actor=marker,
        action="scenario.second_marked",
        subject_type="scenario_submission",
        subject_id=submission.id,
        scheme_id=submission.scheme_id,
        reason=feedback.strip()[:500],
        details={"outcome": outcome, "first_outcome": first.outcome, "agree": not disagree},
    )
    scenario_second_marked.send(
        submission, session=session, actor=marker, mark=result, agree=not disagree
    )
    return result
