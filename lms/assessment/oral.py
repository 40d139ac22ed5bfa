"""Oral answers: a trainer records that a trainee answered a scenario out loud (in person or by
phone), with the trainer's notes as the evidence and a first mark against the same rubric.

An oral answer is a ``ScenarioSubmission`` with mode "oral", already marked: it is an attempt
like a written one (the same attempt rules, the same outcome that eligibility reads), and it can
be second-marked like any other. An unsent written draft keeps its text and moves after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.duties import refuse_own
from lms.accounts.locks import lock_person
from lms.accounts.models import Person, PersonRole, Role
from lms.assessment.first_marks import first_mark
from lms.assessment.models import DRAFT, IN_PERSON, MARKED, ORAL, PHONE
from lms.assessment.models import ScenarioSubmission as Submission
from lms.assessment.services import (
    PASSED,
    USED_UP,
    WAITING,
    AssessmentError,
    CriterionMark,
    Settings,
    attempt_block,
    attempts,
    may_see,
    rubric_marks,
    unsent_draft,
    word_count,
)
from lms.content.models import Module, ScenarioAssessment
from lms.db import utcnow
from lms.ukdates import uk_date, uk_today

CHANNELS = {IN_PERSON: "In person", PHONE: "By phone"}
MIN_NOTES_WORDS = 20
MAX_NOTES = 20000


@dataclass(frozen=True)
class OralAnswer:
    """How and when the trainee answered, and the trainer's notes of what they said."""

    channel: str
    oral_on: date | None
    notes: str


def channel_problem(channel: str | None) -> str | None:
    return None if channel in CHANNELS else "Choose how the trainee answered: in person or by phone"


def date_problem(value: date | None, trainee: Person, today: date) -> str | None:
    """What is wrong with the date of an oral answer: missing, in the future, or before the
    trainee had an account."""
    if value is None:
        return "Enter the date the trainee answered"
    if value > today:
        return "The date the trainee answered must be today or in the past"
    if trainee.created_at is not None and value < uk_today(trainee.created_at):
        return (
            f"The date cannot be before {trainee.name}'s account was made "
            f"({uk_date(trainee.created_at)})"
        )
    return None


def notes_problem(notes: str | None) -> str | None:
    text = (notes or "").strip()
    if not text:
        return "Write your notes of what the trainee said: they are the evidence for the mark"
    if len(text) > MAX_NOTES:
        return f"Keep your notes under {MAX_NOTES:,} characters"
    words = word_count(text)
    if words < MIN_NOTES_WORDS:
        return (
            f"Your notes have {words} words. Write at least {MIN_NOTES_WORDS} words saying what "
            "the trainee said, so a second marker can check the mark"
        )
    return None


def trainees_for(session: Session, viewer: Person) -> list[Person]:
    """Active trainees the viewer may record an oral answer for, by name: their scheme's (an
    admin's: every scheme's), never themselves."""
    stmt = (
        select(Person)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(
            PersonRole.role == Role.TRAINEE.value,
            Person.active.is_(True),
            Person.id != viewer.id,
        )
        .options(selectinload(Person.scheme))
        .order_by(Person.name, Person.id)
    )
    if not viewer.has_role(Role.ADMIN):
        stmt = stmt.where(Person.scheme_id == viewer.scheme_id)
    return list(session.scalars(stmt).unique())


def next_attempt(history: list[Submission]) -> int:
    """The number an oral answer takes: after the sent attempts (an unsent draft is not one)."""
    return max((h.attempt_number for h in history if h.status != DRAFT), default=0) + 1


def block_reason(history: list[Submission], trainee: Person, settings: Settings) -> str | None:
    """Why no oral answer can be recorded now (said to the trainer), or None."""
    block = attempt_block(history, settings)
    if block == WAITING:
        return (
            f"{trainee.name} has sent a written answer that is waiting to be marked. "
            "Mark it from the marking queue instead."
        )
    if block == PASSED:
        return f"{trainee.name} has already passed this scenario."
    if block == USED_UP:
        return f"{trainee.name} has used all {settings.max_attempts} attempts at this scenario."
    return None


def refusal(
    viewer: Person, trainee: Person, history: list[Submission], settings: Settings
) -> str | None:
    """Everything that stops ``viewer`` recording an oral answer for ``trainee`` now, or None.
    Recording one for yourself raises ``OwnRecord``."""
    refuse_own(viewer, trainee, "mark")
    if not may_see(viewer, trainee.scheme_id):
        return "You can only record oral answers for trainees of your own scheme."
    if not trainee.has_role(Role.TRAINEE) or not trainee.active:
        return f"{trainee.name} is not an active trainee."
    return block_reason(history, trainee, settings)


def record_oral(
    session: Session,
    trainer: Person,
    trainee: Person,
    scenario: ScenarioAssessment,
    module: Module,
    answer: OralAnswer,
    marks: list[CriterionMark],
    outcome: str,
    feedback: str,
    *,
    settings: Settings,
    now: datetime | None = None,
) -> Submission:
    """Record an oral answer as a marked attempt with the trainer's first mark, audit it as a
    mark saying it was oral, and tell the trainee (the ``scenario_marked`` subscriber)."""
    now = now or utcnow()
    # The trainee's row is locked before the rules are read, as the trainee's own submission
    # does, so an oral answer and a written one sent at the same moment cannot both count.
    # Who may record it is checked first; then the lock, then the attempt rules.
    problem = refusal(trainer, trainee, [], settings)
    if problem:
        raise AssessmentError(problem)
    lock_person(session, trainee.id)
    history = attempts(session, trainee, scenario.key)
    problem = block_reason(history, trainee, settings)
    if problem:
        raise AssessmentError(problem)
    for field, found in (
        ("channel", channel_problem(answer.channel)),
        ("oral_on", date_problem(answer.oral_on, trainee, uk_today(now))),
        ("notes", notes_problem(answer.notes)),
    ):
        if found:
            raise AssessmentError(found, field)
    criteria = rubric_marks(scenario, marks, outcome, feedback)
    number = next_attempt(history)
    draft = unsent_draft(history)
    if draft is not None and draft.attempt_number <= number:
        # The unique (person, scenario, attempt) means the draft moves out of the way first.
        draft.attempt_number = number + 1
        session.flush()
    submission = Submission(
        person_id=trainee.id,
        scheme_id=trainee.scheme_id,
        module_id=module.id,
        scenario_id=scenario.id,
        scenario_key=scenario.key,
        attempt_number=number,
        status=MARKED,
        answer=answer.notes.strip(),
        mode=ORAL,
        oral_channel=answer.channel,
        oral_on=answer.oral_on,
        created_at=now,
        updated_at=now,
        submitted_at=now,
        outcome=outcome,
        marked_at=now,
    )
    session.add(submission)
    session.flush()  # the unique (person, scenario, attempt) stops the same attempt twice
    first_mark(
        session,
        trainer,
        submission,
        criteria,
        outcome,
        feedback,
        now,
        channel=answer.channel,
        oral_on=answer.oral_on.isoformat() if answer.oral_on else None,
        scenario=scenario.key,
        attempt=submission.attempt_number,
    )
    return submission
