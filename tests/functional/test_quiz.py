"""Quiz attempts: drawing, resuming, marking once, refusing tampering, limits and cooldowns."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.training.models import AttemptQuestion, QuizAttempt
from tests.conftest import csrf_token
from tests.factories import make_module, quiz_answers


@pytest.fixture
def module(app):
    return make_module("sample")


def _start(client, slug="sample"):
    token = csrf_token(client, f"/training/{slug}")
    response = client.post(f"/training/{slug}/quiz", data={"csrf_token": token})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def _attempt(url) -> QuizAttempt:
    db.session.expire_all()
    return db.session.get(QuizAttempt, int(re.search(r"/attempts/(\d+)", url).group(1)))


def _form(attempt: QuizAttempt, right: bool = True, wrong_keys=()) -> dict:
    """Posted form fields answering every question of the attempt."""
    answers = quiz_answers(attempt, right, wrong_keys)
    return {f"answer-{aq_id}": picked for aq_id, picked in answers.items()}


def _submit(client, url, data):
    token = csrf_token(client, url)
    return client.post(url, data={**data, "csrf_token": token})


def test_attempt_draws_the_configured_number_and_a_reload_never_redraws(client, login, module):
    """The questions shown are stored at the start; reloading shows the same ones."""
    login("trainee")
    url = _start(client)
    attempt = _attempt(url)
    assert attempt.question_count == 5 and len(attempt.questions) == 5
    first = client.get(url).get_data(as_text=True)
    again = client.get(url).get_data(as_text=True)
    shown = re.findall(r"Question \d+\?", first)
    assert len(shown) == 5 and shown == re.findall(r"Question \d+\?", again)
    assert _start(client) == url  # starting again resumes the open attempt


def test_passing_attempt_shows_score_feedback_and_right_answers(client, login, module):
    """All right: passed, score shown, feedback for each question, right answers revealed."""
    login("trainee")
    url = _start(client)
    response = _submit(client, url, _form(_attempt(url)))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You passed" in page and "5 out of 5" in page
    assert "A is right." in page
    attempt = _attempt(url)
    assert attempt.passed and attempt.score_percent == 100


def test_failing_attempt_hides_right_answers_until_passed(client, login, module):
    """A fail shows the trainee's own choices with feedback, not the right answers."""
    login("trainee")
    url = _start(client)
    response = _submit(client, url, _form(_attempt(url), right=False))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Not passed this time" in page
    assert "Right answer:" not in page
    assert "C is wrong." in page or "About B." in page


def test_must_pass_question_wrong_fails_the_attempt(client, login, app):
    """A wrong must-pass answer fails even when the score reaches the pass mark."""
    make_module("safety", questions=12, per_attempt=12, pass_mark=50, must_pass_keys=("q1",))
    login("trainee")
    url = _start(client, "safety")
    response = _submit(client, url, _form(_attempt(url), wrong_keys=("q1",)))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    attempt = _attempt(url)
    assert attempt.score_percent >= 50 and not attempt.passed and attempt.failed_must_pass
    assert "keeping people safe" in page


def test_submitting_twice_marks_once(client, login, module):
    """A second submission of the same attempt changes nothing and shows the result."""
    login("trainee")
    url = _start(client)
    data = _form(_attempt(url))
    token = csrf_token(client, url)
    first = client.post(url, data={**data, "csrf_token": token})
    second = client.post(url, data={**data, "csrf_token": token})
    assert first.status_code == 302 and second.status_code == 302
    assert second.headers["Location"].endswith("/result")
    events = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action.like("quiz.%"))
    )
    assert events == 1


def test_answer_to_a_question_not_in_the_attempt_is_refused(client, login, module):
    """Posting an answer for a question that was not shown is refused with a message."""
    login("trainee")
    url = _start(client)
    attempt = _attempt(url)
    data = _form(attempt)
    data["answer-999999"] = [0]
    response = _submit(client, url, data)
    assert response.status_code == 400
    assert "not in this quiz" in response.get_data(as_text=True)
    assert _attempt(url).status == "in_progress"


def test_option_outside_the_question_is_refused(client, login, module):
    """An option index that the question does not have is refused."""
    login("trainee")
    url = _start(client)
    attempt = _attempt(url)
    data = _form(attempt)
    data[f"answer-{attempt.questions[0].id}"] = [7]
    response = _submit(client, url, data)
    assert response.status_code == 400 and "not one of its options" in response.get_data(
        as_text=True
    )


def test_unanswered_questions_are_listed_and_answers_kept(client, login, module):
    """Gaps get an error summary naming the questions, and the answers given stay ticked."""
    login("trainee")
    url = _start(client)
    attempt = _attempt(url)
    data = _form(attempt)
    first = attempt.questions[0]
    del data[f"answer-{attempt.questions[1].id}"]
    response = _submit(client, url, data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and "Answer question 2" in page
    assert re.search(rf'id="answer-{first.id}-\d+"[^>]*checked', page)


def test_attempt_limit_and_cooldown_are_enforced(client, login, module):
    """After the allowed attempts the trainee waits the cooldown; then a new set starts."""
    login("trainee")
    for _ in range(2):
        url = _start(client)
        _submit(client, url, _form(_attempt(url), right=False))
    token = csrf_token(client, "/training/sample")
    refused = client.post("/training/sample/quiz", data={"csrf_token": token})
    assert refused.headers["Location"].endswith("/training/sample")
    page = client.get("/training/sample").get_data(as_text=True)
    assert "You can try again from" in page
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 2
    with time_machine.travel(datetime.now(UTC) + timedelta(hours=25)):
        login("trainee")  # the earlier sign-in has expired by now
        url = _start(client)
        assert _attempt(url).status == "in_progress"


def test_no_new_attempt_after_passing(client, login, module):
    """Once passed, the quiz is done."""
    login("trainee")
    url = _start(client)
    _submit(client, url, _form(_attempt(url)))
    token = csrf_token(client, "/training/sample")
    client.post("/training/sample/quiz", data={"csrf_token": token})
    assert db.session.scalar(select(func.count(QuizAttempt.id))) == 1


def test_another_trainees_attempt_is_not_found(client, login, module, people):
    """Attempts belong to their trainee: anyone else gets 404."""
    from lms.accounts.models import Role
    from tests.factories import make_person

    login("trainee")
    url = _start(client)
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/trainee")})
    other = make_person("other@example.org", "Olu Other", [Role.TRAINEE], people["trainee"].scheme)
    from tests.conftest import sign_in

    sign_in(client, other.email)
    assert client.get(url).status_code == 404
    assert client.get(url + "/result").status_code == 404


def test_marking_uses_the_version_shown(client, login, module):
    """A new module version mid-attempt does not change the questions being marked."""
    login("trainee")
    url = _start(client)
    attempt = _attempt(url)
    shown_ids = [aq.question_id for aq in attempt.questions]
    make_module("sample")  # version 2 becomes current
    response = _submit(client, url, _form(attempt))
    assert response.status_code == 302
    done = _attempt(url)
    assert [aq.question_id for aq in done.questions] == shown_ids
    assert done.module_version.number == 1 and done.passed


def test_options_are_shuffled_per_attempt_but_stored(app, people, module):
    """Option order is drawn once and kept with the attempt."""
    import random

    from lms.training import services

    attempt = services.start_attempt(db.session, people["trainee"], module, rng=random.Random(3))
    db.session.commit()
    orders = [aq.option_order for aq in attempt.questions]
    assert any(order != sorted(order) for order in orders)
    stored = db.session.scalars(
        select(AttemptQuestion.option_order).where(AttemptQuestion.attempt_id == attempt.id)
    ).all()
    assert sorted(map(tuple, stored)) == sorted(map(tuple, orders))
