"""Quiz answers saved before sending: by the script (JSON) and the "Save my answers" button,
shown again on coming back, checked like sent answers, and only the owner's open attempt."""

from __future__ import annotations

import re

import pytest

from lms.accounts.models import Role
from lms.extensions import db
from lms.training.models import QuizAttempt
from tests.conftest import csrf_token, sign_in
from tests.factories import make_module, make_person, quiz_answers


@pytest.fixture
def module(app):
    return make_module("sample", per_attempt=8)  # q4 and q8 style "select all" questions come up


def _start(client) -> str:
    token = csrf_token(client, "/training/sample")
    response = client.post("/training/sample/quiz", data={"csrf_token": token})
    assert response.status_code == 302
    return response.headers["Location"]


def _attempt(url: str) -> QuizAttempt:
    db.session.expire_all()
    return db.session.get(QuizAttempt, int(re.search(r"/attempts/(\d+)", url).group(1)))


def _save_json(client, url, answers: dict, token: str | None = None):
    token = csrf_token(client, url) if token is None else token
    headers = {"X-CSRFToken": token} if token else {}
    return client.post(f"{url}/answers", json={"answers": answers}, headers=headers)


def _checked(page: str) -> set[tuple[str, str]]:
    """(field, value) of every checked answer on the quiz page."""
    return set(re.findall(r'name="(answer-\d+)" type="\w+" value="(\d+)" checked', page))


def _right(attempt) -> dict[str, list[str]]:
    return {
        f"answer-{aq_id}": [str(i) for i in picked]
        for aq_id, picked in quiz_answers(attempt).items()
    }


def test_script_saves_one_question_and_the_page_shows_it_chosen_with_the_count(
    client, login, module
):
    """A JSON save keeps that question's answer; coming back shows it ticked and "1 of 8"."""
    login("trainee")
    url = _start(client)
    attempt = _attempt(url)
    assert "0 of 8 answered" in client.get(url).get_data(as_text=True)
    first = attempt.questions[0]
    field = f"answer-{first.id}"
    wanted = _right(attempt)[field]
    response = _save_json(client, url, {field: wanted})
    assert response.status_code == 200
    assert response.json == {"saved": True, "answered": 1, "total": 8, "text": "1 of 8 answered"}
    assert _attempt(url).questions[0].selected == [int(v) for v in wanted]
    assert _attempt(url).status == "in_progress"
    page = client.get(url).get_data(as_text=True)
    assert _checked(page) == {(field, v) for v in wanted}
    assert "1 of 8 answered" in page
    # Un-choosing (an empty list) clears it again.
    assert _save_json(client, url, {field: []}).json["answered"] == 0
    assert _attempt(url).questions[0].selected is None


def test_save_button_saves_every_answer_without_sending_and_they_come_back(client, login, module):
    """The no-script button saves the whole form, redirects to the quiz, and sends nothing."""
    login("trainee")
    url = _start(client)
    attempt = _attempt(url)
    answers = dict(list(_right(attempt).items())[:3])
    token = csrf_token(client, url)
    response = client.post(f"{url}/answers", data={**answers, "csrf_token": token})
    assert response.status_code == 303 and response.headers["Location"].endswith(url)
    saved = _attempt(url)
    assert saved.status == "in_progress" and saved.submitted_at is None
    assert sum(1 for aq in saved.questions if aq.selected) == 3
    page = client.get(url).get_data(as_text=True)
    assert "Your answers are saved" in page and "3 of 8 answered" in page
    assert _checked(page) == {(f, v) for f, values in answers.items() for v in values}
    # Coming back through the module page's "Carry on with the quiz" shows them too.
    assert _start(client) == url
    assert _checked(client.get(url).get_data(as_text=True)) == _checked(page)
    # The button sends the whole form: a question left out now is cleared.
    client.post(f"{url}/answers", data={**dict(list(answers.items())[:1]), "csrf_token": token})
    assert sum(1 for aq in _attempt(url).questions if aq.selected) == 1


def test_quiz_page_has_the_save_button_the_script_address_and_the_count(client, login, module):
    login("trainee")
    url = _start(client)
    page = client.get(url).get_data(as_text=True)
    assert f'formaction="{url}/answers"' in page and ">Save my answers</button>" in page
    assert f'data-quiz-save="{url}/answers"' in page
    assert re.search(r'aria-live="polite">0 of 8 answered<', page)


def test_sending_uses_the_form_not_the_saved_answers(client, login, module):
    """Saved answers pre-fill the form; what is sent is what gets marked."""
    login("trainee")
    url = _start(client)
    attempt = _attempt(url)
    right = _right(attempt)
    wrong = {
        f"answer-{aq_id}": [str(i) for i in picked]
        for aq_id, picked in quiz_answers(attempt, right=False).items()
    }
    _save_json(client, url, wrong)
    token = csrf_token(client, url)
    response = client.post(url, data={**right, "csrf_token": token})
    assert response.headers["Location"].endswith("/result")
    assert _attempt(url).passed


def test_sending_with_gaps_keeps_the_answers_given(client, login, module):
    """ "Answer every question" still saves what was sent, so leaving then loses nothing."""
    login("trainee")
    url = _start(client)
    answers = dict(list(_right(_attempt(url)).items())[:2])
    token = csrf_token(client, url)
    response = client.post(url, data={**answers, "csrf_token": token})
    assert response.status_code == 400 and "Answer question 3" in response.get_data(as_text=True)
    assert sum(1 for aq in _attempt(url).questions if aq.selected) == 2
    assert "2 of 8 answered" in client.get(url).get_data(as_text=True)


@pytest.mark.parametrize(
    "value", ["7", "-1", "x", "²", "0,1"], ids=["not-an-option", "minus", "word", "digit", "list"]
)
def test_an_option_not_in_the_question_is_refused_plainly(client, login, module, value):
    """Not one of the question's options: 400 with a plain message, nothing saved, no 500."""
    login("trainee")
    url = _start(client)
    field = f"answer-{_attempt(url).questions[0].id}"
    response = _save_json(client, url, {field: [value]})
    assert response.status_code == 400
    assert "not one of its options" in response.json["message"]
    token = csrf_token(client, url)
    form = client.post(f"{url}/answers", data={field: value, "csrf_token": token})
    assert form.status_code == 400 and "not one of its options" in form.get_data(as_text=True)
    assert all(aq.selected is None for aq in _attempt(url).questions)


def test_a_deeply_nested_save_is_refused_plainly_and_the_site_still_works(client, login, module):
    """A body nested far past the parser's recursion limit is refused before parsing (a 400 in
    plain words, never a 500), and pages still render in that process afterwards."""
    login("trainee")
    url = _start(client)
    token = csrf_token(client, url)
    deep = b'{"answers": ' + b"[" * 50_000 + b"]" * 50_000 + b"}"
    response = client.post(
        f"{url}/answers",
        data=deep,
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 400
    assert "could not be read" in response.json["message"]
    assert "0 of 8 answered" in client.get(url).get_data(as_text=True)


def test_options_of_another_version_of_the_question_are_refused(client, login, module):
    """An option index that exists in no option of the version shown is refused too."""
    login("trainee")
    url = _start(client)
    aq = _attempt(url).questions[0]
    response = _save_json(client, url, {f"answer-{aq.id}": [str(len(aq.question.options))]})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body",
    [
        {"answers": {"answer-999999": ["0"]}},
        {"answers": ["0"]},
        {"answers": {"answer-1": [0]}},
        {"nothing": True},
        "just text",
    ],
    ids=["other-question", "a-list", "numbers-not-text", "no-answers", "a-string"],
)
def test_bodies_that_do_not_fit_get_400_never_500(client, login, module, body):
    login("trainee")
    url = _start(client)
    token = csrf_token(client, url)
    response = client.post(f"{url}/answers", json=body, headers={"X-CSRFToken": token})
    assert response.status_code == 400 and response.json["message"]


def test_a_body_that_is_not_json_or_nested_deeply_is_400(client, login, module):
    login("trainee")
    url = _start(client)
    token = csrf_token(client, url)
    for body in ("{not json", '{"answers":' + "[" * 100_000):
        response = client.post(
            f"{url}/answers",
            data=body,
            headers={"X-CSRFToken": token, "Content-Type": "application/json"},
        )
        assert response.status_code == 400


def test_two_answers_to_a_one_answer_question_are_refused(client, login, module):
    login("trainee")
    url = _start(client)
    one = next(aq for aq in _attempt(url).questions if aq.question.type != "multiple")
    response = _save_json(client, url, {f"answer-{one.id}": ["0", "1"]})
    assert response.status_code == 400 and "Choose only one answer" in response.json["message"]


def test_saving_needs_the_csrf_token(client, login, module):
    """Without the token (a form on another site) nothing is saved."""
    login("trainee")
    url = _start(client)
    field = f"answer-{_attempt(url).questions[0].id}"
    assert _save_json(client, url, {field: ["0"]}, token="").status_code == 400
    response = client.post(f"{url}/answers", data={field: "0"})
    assert response.status_code == 400
    assert _attempt(url).questions[0].selected is None


def test_another_trainees_attempt_cannot_be_saved_to(client, login, module, people):
    """Someone else's attempt answers 404, as if it did not exist, and is not changed."""
    login("trainee")
    url = _start(client)
    field = f"answer-{_attempt(url).questions[0].id}"
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/trainee")})
    other = make_person("other@example.org", "Olu Other", [Role.TRAINEE], people["trainee"].scheme)
    sign_in(client, other.email)
    token = csrf_token(client, "/trainee")
    assert _save_json(client, url, {field: ["0"]}, token=token).status_code == 404
    assert client.post(f"{url}/answers", data={field: "0", "csrf_token": token}).status_code == 404
    assert _attempt(url).questions[0].selected is None


def test_staff_cannot_save_to_an_attempt(client, login, module, people):
    from lms.training.services import start_attempt

    attempt = start_attempt(db.session, people["trainee"], module)
    db.session.commit()
    login("trainer")
    token = csrf_token(client, "/trainer")
    response = client.post(
        f"/training/attempts/{attempt.id}/answers",
        json={"answers": {}},
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 403


def test_a_sent_attempt_refuses_saves(client, login, module):
    """Once sent, a save changes nothing: 409 for the script, the result page for the form."""
    login("trainee")
    url = _start(client)
    attempt = _attempt(url)
    right = _right(attempt)
    token = csrf_token(client, url)
    client.post(url, data={**right, "csrf_token": token})
    marked = {aq.id: aq.selected for aq in _attempt(url).questions}
    field = f"answer-{attempt.questions[0].id}"
    response = _save_json(client, url, {field: ["2"]}, token=token)
    assert response.status_code == 409 and "already sent" in response.json["message"]
    form = client.post(f"{url}/answers", data={field: "2", "csrf_token": token})
    assert form.status_code == 302 and form.headers["Location"].endswith("/result")
    assert {aq.id: aq.selected for aq in _attempt(url).questions} == marked


def test_a_save_after_sending_is_refused_by_the_service(app, people, module):
    """The service itself refuses a sent attempt (however the request got there)."""
    from lms.training import saving, services

    attempt = services.start_attempt(db.session, people["trainee"], module)
    services.submit_attempt(db.session, people["trainee"], attempt, quiz_answers(attempt))
    db.session.commit()
    with pytest.raises(saving.AttemptClosed):
        saving.save_answers(db.session, attempt, {attempt.questions[0].id: [2]})


def test_the_module_page_says_how_far_the_open_quiz_got(client, login, module):
    login("trainee")
    url = _start(client)
    assert "You have started the quiz." in client.get("/training/sample").get_data(as_text=True)
    field, values = next(iter(_right(_attempt(url)).items()))
    _save_json(client, url, {field: values})
    page = client.get("/training/sample").get_data(as_text=True)
    assert (
        "You have started the quiz and answered 1 of 8 questions. Your answers are saved." in page
    )
