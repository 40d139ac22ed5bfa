"""Two submissions of one quiz attempt at the same moment: exactly one is marked (PostgreSQL)."""

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
