"""Lessons, quiz questions and scenarios carry the read-aloud control (hidden until its script
reveals it, naming page parts that exist), and lessons and scenarios carry the glossary terms
marked in place; the script is loaded from the site's own files by init.mjs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lms.extensions import db
from lms.training.notes import clear_glossary_cache
from tests.conftest import csrf_token
from tests.factories import make_module, make_scenario

ROOT = Path(__file__).resolve().parents[2]
VALID = ROOT / "tests" / "fixtures" / "valid_modules"
LESSON = "/training/sample/lessons/01-lesson"
CONTROL = re.compile(
    r'<div class="app-read-aloud" data-module="app-read-aloud" '
    r'data-read-aloud-targets="([^"]+)" hidden>(.*?)</p>\s*</div>',
    re.S,
)
BOUNDARY_TERM = (
    '<span class="app-term"><a href="/training/glossary#boundary" '
    'class="govuk-link app-glossary-link">boundary</a><span class="app-term__definition" hidden>'
    "A line you keep so the mentoring stays safe and fair, such as not lending money.</span></span>"
)


@pytest.fixture
def app_config(app_config, tmp_path):
    root = tmp_path / "modules"
    root.mkdir()
    shutil.copy(VALID / "glossary.yaml", root / "glossary.yaml")
    app_config["CONTENT_ROOT"] = str(root)
    clear_glossary_cache()
    yield app_config
    clear_glossary_cache()


@pytest.fixture
def module(app):
    module = make_module("sample")
    module.current_version.lessons[
        0
    ].body_markdown = (
        "## Boundary\n\nKeep a boundary. Another boundary.\n\n[A link](https://example.org) here."
    )
    db.session.commit()
    return module


def _controls(page: str) -> list[tuple[str, str]]:
    """(the ids a control reads, its markup) for every read-aloud control on the page; each
    named part is on the page."""
    found = CONTROL.findall(page)
    for targets, _ in found:
        for target in targets.split():
            assert f'id="{target}"' in page, target
    return found


def _page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


def test_a_lesson_has_the_control_and_its_first_use_of_a_term_marked(client, login, module):
    login("trainee")
    page = _page(client, LESSON)
    [(targets, markup)] = _controls(page)
    assert targets == "lesson-title lesson-text"
    assert '<h1 class="govuk-heading-l" id="lesson-title">First lesson</h1>' in page
    assert '>Listen</span><span class="govuk-visually-hidden"> (this lesson)</span>' in markup
    assert '<button type="button"' in markup and "data-read-aloud-stop hidden" in markup
    assert '<label class="govuk-label" for="read-aloud-speed-lesson">Speed</label>' in markup
    assert [option for option in ("Slower", "Normal", "Faster") if option in markup] == [
        "Slower",
        "Normal",
        "Faster",
    ]
    assert "style=" not in markup and "onclick" not in markup
    assert '<h2 class="govuk-heading-m">Boundary</h2>' in page
    assert f"Keep a {BOUNDARY_TERM}. Another boundary." in page
    assert page.count("app-term__definition") == 1


def test_every_quiz_question_has_its_own_control(client, login, module):
    login("trainee")
    token = csrf_token(client, "/training/sample")
    started = client.post("/training/sample/quiz", data={"csrf_token": token})
    page = _page(client, started.headers["Location"])
    controls = _controls(page)
    questions = re.findall(r'<fieldset class="govuk-fieldset" id="(question-\d+)"', page)
    assert len(questions) == 5
    assert [targets for targets, _ in controls] == questions
    whats = re.findall(
        r'<span class="govuk-visually-hidden"> \((question \d+)\)</span></button>', page
    )
    assert whats[::2] == [f"question {n}" for n in range(1, 6)]
    assert "Send my answers" in page


def test_a_scenario_has_the_control_and_its_terms_marked(client, login, module):
    scenario = make_scenario(module)
    scenario.situation = "Dean asks you for £40. You keep a boundary."
    scenario.task = "Write what you would do, and who you would tell about the boundary."
    db.session.commit()
    login("trainee")
    page = _page(client, "/assessment/sample/money")
    [(targets, markup)] = _controls(page)
    assert targets == "scenario-title scenario-text"
    assert "(the situation and the task)" in markup
    assert f"You keep a {BOUNDARY_TERM}." in page
    # Each text marks its own first use: the task's is marked too.
    assert page.count("app-term__definition") == 2


def test_the_oral_answer_page_can_read_the_scenario_to_the_trainer(client, login, module, people):
    make_scenario(module)
    login("trainer")
    page = _page(client, f"/assessment/oral/{people['trainee'].id}/sample/money")
    [(targets, _)] = _controls(page)
    assert targets == "scenario-text"


def test_the_scripts_come_from_the_sites_own_files(client):
    init = (ROOT / "lms" / "static" / "js" / "init.mjs").read_text(encoding="utf-8")
    assert "import './read-aloud.mjs'" in init.splitlines()
    script = (ROOT / "lms" / "static" / "js" / "read-aloud.mjs").read_text(encoding="utf-8")
    assert "import './glossary-terms.mjs'" in script
    for name in ("read-aloud.mjs", "glossary-terms.mjs"):
        response = client.get(f"/static/js/{name}")
        assert response.status_code == 200
        assert "javascript" in response.content_type
        response.close()
