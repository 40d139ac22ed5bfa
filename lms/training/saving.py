"""Quiz answers as they are chosen: read and checked like sent ones, saved on the open attempt.

Saved answers live in ``attempt_questions.selected`` while the attempt is open (the column
marking fills at the end), so coming back to the quiz shows them chosen and the quiz page
needs no extra query. Only the attempt's owner saves (the view checks), only while it is open.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import select, update
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from lms.domain import DomainError
from lms.numbers import whole_number
from lms.training.marking import QUESTION_TYPES
from lms.training.models import AttemptQuestion, QuizAttempt

FIELD = "answer-"


class AnswersRefused(DomainError):
    """The answers do not fit the attempt: unknown questions or options, or gaps."""

    def __init__(self, message: str, missing: list[int] | None = None) -> None:
        super().__init__(message)
        self.missing = missing or []


class AttemptClosed(DomainError):
    """The attempt was sent (marked) already: its answers can no longer change."""

    code = "conflict"


def read_choices(attempt: QuizAttempt, form: Mapping[str, Sequence[str]]) -> dict[int, list[int]]:
    """Posted ``answer-<attempt question id>`` fields as option indexes, checked against the
    options of the question version shown; other fields are ignored, gaps are allowed."""
    shown = {aq.id: aq for aq in attempt.questions}
    answers: dict[int, list[int]] = {}
    for name, values in form.items():
        if not name.startswith(FIELD):
            continue
        shown_id = whole_number(name.removeprefix(FIELD))
        if shown_id is None or shown_id not in shown:
            raise AnswersRefused(
                "Your answers include a question that is not in this quiz. "
                "Reload the page and answer the questions shown."
            )
        aq = shown[shown_id]
        picked = []
        for value in values:
            option = whole_number(value)
            if option is None or option not in aq.option_order:
                raise AnswersRefused(
                    f"Question {aq.position} has an answer that is not one of its options. "
                    "Reload the page and try again."
                )
            picked.append(option)
        if not QUESTION_TYPES[aq.question.type].many_answers and len(picked) > 1:
            raise AnswersRefused(f"Choose only one answer for question {aq.position}.")
        answers[aq.id] = sorted(set(picked))
    return answers


def still_to_answer(attempt: QuizAttempt, answers: Mapping[int, Sequence[int]]) -> list[int]:
    """The positions of the questions with no answer."""
    return [aq.position for aq in attempt.questions if not answers.get(aq.id)]


def _unanswered(missing: list[int]) -> AnswersRefused:
    listed = ", ".join(str(n) for n in missing)
    return AnswersRefused(f"Answer every question. Still to answer: {listed}.", missing)


def parse_answers(attempt: QuizAttempt, form: Mapping[str, Sequence[str]]) -> dict[int, list[int]]:
    """Answers to send for marking: checked as ``read_choices`` does, and none missing."""
    answers = read_choices(attempt, form)
    if missing := still_to_answer(attempt, answers):
        raise _unanswered(missing)
    return answers


def keep_if_unfinished(session: Session, attempt: QuizAttempt, answers) -> None:
    """Before sending: with questions unanswered, keep what was given (so leaving now loses
    nothing) and refuse, naming the questions still to answer; the caller commits what was kept."""
    if missing := still_to_answer(attempt, answers):
        save_answers(session, attempt, answers, replace_all=True)
        raise _unanswered(missing)


def json_choices(body: object) -> dict[str, list[str]]:
    """The script's body, ``{"answers": {"answer-12": ["0", "2"]}}``, as posted form fields;
    anything else is refused in plain words."""
    answers = body.get("answers") if isinstance(body, dict) else None
    if not isinstance(answers, dict) or not all(
        isinstance(values, list) and all(isinstance(v, str) for v in values)
        for values in answers.values()
    ):
        raise AnswersRefused("Your answer could not be read. Reload the page and try again.")
    return answers


def save_answers(
    session: Session,
    attempt: QuizAttempt,
    answers: Mapping[int, Sequence[int]],
    *,
    replace_all: bool = False,
) -> int:
    """Keep the answers chosen so far on the open attempt; return how many are answered.

    ``replace_all`` (the form's "Save my answers" button sends every question) clears the
    questions not sent; otherwise only the questions sent change (the script sends one).
    The attempt row is locked first (PostgreSQL), and each update also requires the attempt to
    be open, so a save can never change an attempt that has been sent: it raises instead.
    """
    status = session.scalar(
        select(QuizAttempt.status).where(QuizAttempt.id == attempt.id).with_for_update()
    )
    if status != "in_progress":
        raise AttemptClosed("You have already sent these answers, so they cannot change now.")
    still_open = select(QuizAttempt.id).where(
        QuizAttempt.id == attempt.id, QuizAttempt.status == "in_progress"
    )
    for aq in attempt.questions:
        if aq.id not in answers and not replace_all:
            continue
        picked = list(answers.get(aq.id) or []) or None
        changed = session.execute(
            update(AttemptQuestion)
            .where(AttemptQuestion.id == aq.id, AttemptQuestion.attempt_id.in_(still_open))
            .values(selected=picked)
            .execution_options(synchronize_session=False)
        )
        if changed.rowcount != 1:
            raise AttemptClosed("You have already sent these answers, so they cannot change now.")
        set_committed_value(aq, "selected", picked)  # as stored; nothing left to flush
    return answered_count(attempt)


def answered_count(attempt: QuizAttempt) -> int:
    return sum(1 for aq in attempt.questions if aq.selected)


def saved_choices(attempt: QuizAttempt) -> dict[str, set[str]]:
    """The answers saved on the attempt, as the quiz form's checked values."""
    return {
        f"{FIELD}{aq.id}": {str(i) for i in aq.selected} for aq in attempt.questions if aq.selected
    }


def answered_text(answered: int, total: int) -> str:
    return f"{answered} of {total} answered"
