"""Quiz attempts made by hand: for the item-statistics tests each question's mark is chosen,
so facility and discrimination can be worked out on paper; for the result page, answers chosen
question by question."""

from __future__ import annotations

from datetime import UTC, datetime

from lms.extensions import db
from lms.training.models import AttemptQuestion, QuizAttempt


def crafted_attempt(person, module, marks: tuple[int, ...]) -> None:
    """A submitted attempt asking q1, q2, ... with the given marks (option 0 is right)."""
    version = module.current_version
    by_key = {q.key: q for q in version.questions}
    right = sum(marks)
    attempt = QuizAttempt(
        person_id=person.id,
        module_id=module.id,
        module_version_id=version.id,
        status="submitted",
        started_at=datetime(2026, 3, 2, 10, tzinfo=UTC),
        submitted_at=datetime(2026, 3, 2, 10, 20, tzinfo=UTC),
        question_count=len(marks),
        correct_count=right,
        score_percent=right * 100 // len(marks),
        passed=False,
        failed_must_pass=False,
    )
    for n, ok in enumerate(marks, start=1):
        attempt.questions.append(
            AttemptQuestion(
                question_id=by_key[f"q{n}"].id,
                position=n,
                option_order=[0, 1, 2],
                selected=[0] if ok else [2],
                correct=bool(ok),
            )
        )
    db.session.add(attempt)


def answers_by_key(attempt, chosen: dict[str, list[int]], right: bool = True) -> dict:
    """Answers for every question of an attempt: ``chosen`` option indexes for the questions
    with those keys, the right options (or a wrong one) for the rest."""
    answers = {}
    for aq in attempt.questions:
        options = aq.question.options
        good = [i for i, o in enumerate(options) if o["correct"]]
        bad = [i for i, o in enumerate(options) if not o["correct"]][:1]
        answers[aq.id] = chosen.get(aq.question.key, good if right else bad)
    return answers
