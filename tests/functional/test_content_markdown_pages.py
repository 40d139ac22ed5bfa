"""Curriculum Markdown on the pages: a scenario's situation and task, the trainer's marking page
and a quiz show real paragraphs and lists, never raw '- ' or raw HTML."""

from __future__ import annotations

import re

import pytest

from lms.extensions import db
from tests.conftest import csrf_token
from tests.factories import make_module, make_scenario, submit_answer

SITUATION = (
    "Dean is 27. He lives\nin a shared house.\n\nLast night he asked you for £40 <b>now</b>."
)
TASK = "Write what you would do. Include:\n- who you would tell\n- when you would tell them\n"
SHOWN_SITUATION = (
    '<p class="govuk-body">Dean is 27. He lives\nin a shared house.</p>\n'
    '<p class="govuk-body">Last night he asked you for £40 &lt;b&gt;now&lt;/b&gt;.</p>\n'
)
SHOWN_TASK = (
    '<p class="govuk-body">Write what you would do. Include:</p>\n'
    '<ul class="govuk-list govuk-list--bullet">\n'
    "<li>who you would tell</li>\n<li>when you would tell them</li>\n</ul>\n"
)


@pytest.fixture
def scenario(app):
    scenario = make_scenario(make_module("boundaries"))
    scenario.situation, scenario.task = SITUATION, TASK
    scenario.examples = [
        {**example, "notes": "Refer:\n- tell: met.\n- boundary: not met."}
        for example in scenario.examples
    ]
    db.session.commit()
    return scenario


def _no_raw_markdown(page: str) -> None:
    assert "- who you would tell" not in page and "- tell: met." not in page
    assert "<b>now</b>" not in page


def test_the_trainee_sees_the_situation_as_paragraphs_and_the_task_as_a_list(
    client, login, scenario
):
    login("trainee")
    page = client.get("/assessment/boundaries/money").get_data(as_text=True)
    assert f'<div class="govuk-inset-text">{SHOWN_SITUATION}</div>' in page
    assert SHOWN_TASK in page
    _no_raw_markdown(page)
    assert "app-pre-line" not in page.split("What to write")[0].split("The situation")[1]


def test_the_marking_page_shows_the_same_markup_and_the_calibration_notes_as_a_list(
    client, login, people, scenario
):
    sub = submit_answer(people["trainee"], scenario)
    login("trainer")
    token = csrf_token(client, "/assessment/queue")
    claim = client.post(f"/assessment/submissions/{sub.id}/claim", data={"csrf_token": token})
    page = client.get(claim.headers["Location"]).get_data(as_text=True)
    assert f'<div class="govuk-details__text">{SHOWN_SITUATION}{SHOWN_TASK}</div>' in page
    notes = '<ul class="govuk-list govuk-list--bullet">\n<li>tell: met.</li>\n<li>boundary: not'
    assert page.count(notes) == 2
    _no_raw_markdown(page)


def test_a_quiz_shows_inline_markdown_and_keeps_links_out_of_option_labels(client, login):
    module = make_module("sample")
    for question in module.current_version.questions:
        question.prompt = "Is this **safe**? <i>x</i>"
        question.options = [
            {**option, "text": f"Ask the [lead](glossary:safeguarding-lead) {index}"}
            for index, option in enumerate(question.options)
        ]
    db.session.commit()
    login("trainee")
    token = csrf_token(client, "/training/sample")
    response = client.post("/training/sample/quiz", data={"csrf_token": token})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Is this <strong>safe</strong>? &lt;i&gt;x&lt;/i&gt;" in page
    label = r'<label class="govuk-label govuk-(?:radios|checkboxes)__label"[^>]*>(.*?)</label>'
    labels = re.findall(label, page)
    assert labels and all(re.fullmatch(r"Ask the lead \d", text) for text in labels)
    assert "glossary:" not in page
