"""Quiz races: one of two simultaneous submissions is marked, and a save racing the sending
never changes the marked answers (PostgreSQL); attempts started
at once stay within the limit (both databases)."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.training import services
from lms.training.models import QuizAttempt
from tests.factories import make_module, quiz_answers


@pytest.mark.postgres_only
def test_simultaneous_submissions_mark_once(app, people):
    """Two requests submitting the same attempt at once: one marks it, the other is refused."""
    module = make_module("sample")
    attempt = services.start_attempt(db.session, people["trainee"], module)
    db.session.commit()
    answers = quiz_answers(attempt)
    attempt_id, person_id = attempt.id, people["trainee"].id
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        with app.app_context():
            person = db.session.get(type(people["trainee"]), person_id)
            mine = db.session.get(QuizAttempt, attempt_id)
            barrier.wait()
            try:
                services.submit_attempt(db.session, person, mine, answers)
                db.session.commit()
                outcomes.append("marked")
            except services.AlreadySubmitted:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["marked", "refused"]
    events = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action.like("quiz.%"))
    )
    assert events == 1


def test_attempts_started_at_once_stay_within_the_limit(app, people):
    """Four tabs starting (and failing) a quiz at once against a limit of 3: exactly 3 attempts
    exist, and every tab ends with the "attempts used" answer, never an error (on SQLite too,
    where reads run outside a transaction unless the write lock is taken first)."""
    limit, tabs = 3, 4
    module = make_module("sample", attempt_limit=limit, cooldown_hours=24)
    module_id, person_id = module.id, people["trainee"].id
    barrier = threading.Barrier(tabs)
    endings: list[str] = []

    def tab() -> None:
        with app.app_context():
            person = db.session.get(type(people["trainee"]), person_id)
            chosen = db.session.get(type(module), module_id)
            barrier.wait()
            try:
                for _ in range(limit + tabs):
                    attempt = services.start_attempt(db.session, person, chosen)
                    db.session.commit()
                    try:
                        services.submit_attempt(
                            db.session, person, attempt, quiz_answers(attempt, right=False)
                        )
                        db.session.commit()
                    except services.AlreadySubmitted:  # another tab sent it first
                        db.session.rollback()
                endings.append("never refused")
            except services.AttemptNotAllowed as exc:
                db.session.rollback()
                endings.append(
                    "used" if f"used your {limit} attempts" in exc.message else exc.message
                )
            except Exception as exc:  # the test must see anything unexpected
                db.session.rollback()
                endings.append(repr(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=tab) for _ in range(tabs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert endings == ["used"] * tabs
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == limit


@pytest.mark.postgres_only
@pytest.mark.parametrize("run", range(3))
def test_a_save_racing_the_sending_never_changes_the_marked_answers(app, people, run):
    """The script saving a wrong answer while the form is sent: either the save comes first
    (then marking replaces it) or it is refused; the marked answers are always those sent."""
    from lms.training import saving
    from tests.races import race

    module = make_module("sample")
    attempt = services.start_attempt(db.session, people["trainee"], module)
    db.session.commit()
    sent = quiz_answers(attempt)
    first = attempt.questions[0]
    wrong = {first.id: quiz_answers(attempt, right=False)[first.id]}
    attempt_id, person_id = attempt.id, people["trainee"].id

    def send() -> None:
        person = db.session.get(type(people["trainee"]), person_id)
        services.submit_attempt(db.session, person, db.session.get(QuizAttempt, attempt_id), sent)

    def save() -> None:
        saving.save_answers(db.session, db.session.get(QuizAttempt, attempt_id), wrong)

    outcomes = race(app, [send, save], refused=lambda exc: type(exc).__name__)
    assert sorted(outcomes) in (["ok", "ok"], ["AttemptClosed", "ok"])
    db.session.expire_all()
    marked = db.session.get(QuizAttempt, attempt_id)
    assert marked.status == "submitted" and marked.passed
    assert {aq.id: aq.selected for aq in marked.questions} == sent
