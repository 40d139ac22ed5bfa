"""What the result page says after marking: tries left, the next module, partly right answers."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.content.models import Module
from lms.training.marking import QUESTION_TYPES
from lms.training.models import AttemptQuestion
from lms.training.services import PASSED, PathEntry, QuizAvailability, learning_path


def tries_left(availability: QuizAvailability) -> str:
    """ "2 tries left", "1 try left", or "" when none is left (or the quiz is done or open)."""
    left = availability.attempts_left_in_set
    if not availability.allowed or availability.in_progress is not None or left <= 0:
        return ""
    return f"{left} {'try' if left == 1 else 'tries'} left"


def next_module(session: Session, person: Person, module: Module) -> PathEntry | None:
    """The module to do after ``module`` on the trainee's path (the same pathway): the first
    one after it not yet passed, else the first one before it not yet passed; None when every
    module of the pathway is passed."""
    entries = learning_path(session, person, module.current_version.pathway)
    here = next((i for i, e in enumerate(entries) if e.module.id == module.id), len(entries))
    later = [e for e in entries[here + 1 :] if e.status != PASSED]
    earlier = [e for e in entries[:here] if e.status != PASSED]
    return (later or earlier or [None])[0]


@dataclass(frozen=True)
class PartlyRight:
    """A "select all that apply" answer with some right choices but not the mark.

    ``missed`` and ``wrong`` are option indexes: right options not chosen, wrong ones chosen.
    """

    found: int
    missed: list[int]
    wrong: list[int]


def partly_right(aq: AttemptQuestion) -> PartlyRight | None:
    """How a marked "select all that apply" answer fell short, when at least one right option
    was chosen; None for other answers (right, wholly wrong, or one-answer questions)."""
    question = aq.question
    if aq.correct or not QUESTION_TYPES[question.type].many_answers:
        return None
    right = {i for i, option in enumerate(question.options) if option.get("correct")}
    chosen = set(aq.selected or [])
    if not chosen & right:
        return None
    order = aq.option_order
    return PartlyRight(
        found=len(chosen & right),
        missed=[i for i in order if i in right - chosen],
        wrong=[i for i in order if i in chosen - right],
    )
