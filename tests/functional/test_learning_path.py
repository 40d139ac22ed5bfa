"""Lessons, lesson progress and the learning path's statuses."""

from __future__ import annotations

from lms.extensions import db
from lms.training import services
from lms.training.services import IN_PROGRESS, NEEDS_REFRESH, NOT_STARTED, PASSED
from tests.conftest import csrf_token
from tests.factories import make_module, take_quiz


def _statuses(person):
    return {e.module.slug: e.status for e in services.learning_path(db.session, person)}


def test_reading_a_lesson_records_progress_and_moves_on(client, login, app):
    """Marking a lesson read records it once and leads to the next lesson."""
    module = make_module("sample")
    trainee = login("trainee")
    url = "/training/sample/lessons/01-lesson"
    page = client.get(url).get_data(as_text=True)
    assert "Text of First lesson" in page and "lesson 1 of 2" in page
    response = client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert response.headers["Location"].endswith("/training/sample/lessons/02-lesson")
    client.post(url, data={"csrf_token": csrf_token(client, url)})
    assert services.lessons_read(db.session, trainee, module) == {"01-lesson"}
    assert _statuses(trainee)["sample"] == IN_PROGRESS


def test_learning_path_shows_each_status(app, people):
    """Not started, in progress, passed and needs refresh, each where it belongs."""
    trainee = people["trainee"]
    untouched = make_module("untouched", position=1)
    started = make_module("started", position=2)
    passed = make_module("passed", position=3)
    changed = make_module("changed", position=4)
    services.mark_lesson_read(db.session, trainee, started, started.current_version.lessons[0])
    take_quiz(trainee, passed)
    take_quiz(trainee, changed)
    make_module("changed")  # a new version with different questions
    assert _statuses(trainee) == {
        untouched.slug: NOT_STARTED,
        started.slug: IN_PROGRESS,
        passed.slug: PASSED,
        changed.slug: NEEDS_REFRESH,
    }


def test_new_version_with_the_same_questions_keeps_thetake_quiz(app, people):
    """A change to lesson text only does not make a trainee retake the quiz."""
    module = make_module("stable", questions_hash="same-questions")
    take_quiz(people["trainee"], module)
    make_module("stable", questions_hash="same-questions")
    assert _statuses(people["trainee"])["stable"] == PASSED


def test_trainee_home_lists_modules_with_status(client, login, app):
    """The learning path page shows every module and its status tag."""
    make_module("first", position=1)
    make_module("later", position=2, pathway="young-people")
    login("trainee")
    page = client.get("/trainee").get_data(as_text=True)
    assert "Module first" in page and "Not started" in page
    assert "Extra pathways" in page and "Module later" in page


def test_unknown_module_or_lesson_is_404(client, login, app):
    """Made-up slugs give a clear 404."""
    make_module("sample")
    login("trainee")
    assert client.get("/training/nothing").status_code == 404
    assert client.get("/training/sample/lessons/nope").status_code == 404
