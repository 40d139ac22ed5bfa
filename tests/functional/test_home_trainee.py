"""The trainee's home page: the one next step, progress bars with text, renewal when due."""

from __future__ import annotations

import re

from lms.assessment import services as assessment
from lms.extensions import db
from lms.training import services as training
from tests.factories import (
    confirmed_practice,
    make_definition,
    make_mentor,
    make_module,
    make_scenario,
    submit_answer,
    take_quiz,
)


def _step(client) -> tuple[str, str]:
    page = client.get("/trainee").get_data(as_text=True)
    found = re.search(r'data-next-step>.*?href="([^"]+)">([^<]+)</a>', page, re.S)
    assert found, "no next step"
    return found.group(2), found.group(1)


def test_no_modules_means_no_step(client, login):
    login("trainee")
    page = client.get("/trainee").get_data(as_text=True)
    assert "data-next-step" not in page and "No training modules" in page


def test_start_here_then_carry_on_then_practice(client, login, people):
    trainee = people["trainee"]
    first = make_module("first", position=1)
    second = make_module("second", position=2)
    login("trainee")
    text, url = _step(client)
    assert text == f"Start here: {first.current_version.title}"
    assert url == "/training/first" and client.get(url).status_code == 200
    take_quiz(trainee, first)
    assert _step(client)[0] == f"Carry on with {second.current_version.title}"
    take_quiz(trainee, second)
    text, url = _step(client)
    assert text == "Log your practice: 0 of 20 hours" and client.get(url).status_code == 200
    confirmed_practice(trainee, people["trainer"], sessions=3, minutes=120)
    assert _step(client)[0] == "Log your practice: 6 of 20 hours"
    confirmed_practice(trainee, people["trainer"], sessions=7, minutes=120, observed=0)
    text, url = _step(client)
    assert text == "See what you still need for your certificate" and url == "/certificates/"
    assert client.get(url).status_code == 200


def test_started_module_comes_before_an_untouched_one(client, login, people):
    trainee = people["trainee"]
    make_module("first", position=1)
    second = make_module("second", position=2)
    training.mark_lesson_read(db.session, trainee, second, second.current_version.lessons[0])
    db.session.commit()
    login("trainee")
    assert _step(client)[0] == f"Carry on with {second.current_version.title}"


def test_an_answer_sent_back_comes_first(client, login, people):
    trainee, trainer = people["trainee"], people["trainer"]
    module = make_module("sample")
    scenario = make_scenario(module)
    submission = submit_answer(trainee, scenario)
    assessment.claim(db.session, trainer, submission, assessment.Settings())
    marks = [assessment.CriterionMark(False, "Say who you would tell.") for _ in scenario.rubric]
    assessment.mark(db.session, trainer, submission, marks, "refer", "Try again.")
    db.session.commit()
    login("trainee")
    text, url = _step(client)
    assert text == "Your answer was sent back: read the feedback and try again"
    assert url == "/assessment/sample/money" and client.get(url).status_code == 200


def test_progress_bars_carry_their_text(client, login, people):
    trainee = people["trainee"]
    take_quiz(trainee, make_module("first", position=1))
    make_module("second", position=2)
    login("trainee")
    page = client.get("/trainee").get_data(as_text=True)
    assert "You have passed 1 of 2 core modules." in page
    assert re.search(r'<progress[^>]*value="50"[^>]*aria-labelledby="progress-modules"', page)
    assert "You have 0 of 20 hours of confirmed practice." in page


def test_renewal_shows_only_when_due(client, login, people):
    trainee = people["trainee"]
    make_definition(renewal_window_days=60)
    cert = make_mentor(trainee, valid_days_left=200)
    login("trainee")
    assert "data-renewal" not in client.get("/trainee").get_data(as_text=True)
    from datetime import timedelta

    cert.valid_until = cert.valid_until - timedelta(days=150)
    db.session.commit()
    page = client.get("/trainee").get_data(as_text=True)
    assert "data-renewal" in page and "See how to renew it" in page
