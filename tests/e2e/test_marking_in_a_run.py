"""In a real browser: a trainer marks three answers in a row with "Save and mark next", on a
desktop screen where each answer sits beside the rubric; the page still fits a 320px phone."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import time_machine
from playwright.sync_api import Page, expect
from sqlalchemy import select

from lms.accounts.models import Role
from lms.assessment.models import ScenarioSubmission
from lms.extensions import db
from tests.e2e.screen import widths
from tests.e2e.test_quiz_keyboard_and_phone import sign_in
from tests.factories import make_module, make_person, make_scenario, submit_answer

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 320, "height": 640}


def _mark_all_met(page: Page) -> None:
    for index in range(3):
        page.locator(f"#met_{index}-0").check()
    page.get_by_role("radio", name="Pass").check()
    page.get_by_label("Feedback to the trainee").fill("Clear, kind and within the rules.")


def test_a_trainer_marks_three_answers_in_a_row(page: Page, people):
    trainer = people["trainer"]
    scheme = trainer.scheme
    scenario = make_scenario(make_module("sample"))
    names = ["Ada Answer", "Ben Answer", "Cy Answer"]
    start = datetime(2026, 3, 1, 9, tzinfo=UTC)
    for i, name in enumerate(names):
        trainee = make_person(f"a{i}@example.org", name, [Role.TRAINEE], scheme)
        with time_machine.travel(start + timedelta(hours=i)):
            submit_answer(trainee, scenario)
    page.set_viewport_size(DESKTOP)
    sign_in(page, trainer.email)
    page.goto("/assessment/queue")
    page.get_by_role("button", name=re.compile("Mark this answer")).first.click()

    for number, name in enumerate(names):
        expect(page.get_by_text(f"{name}, attempt 1")).to_be_visible()
        page.wait_for_load_state("load")  # the stylesheet that sets the columns has arrived
        answer = page.locator(".app-marking__answer").bounding_box()
        rubric = page.locator(".app-marking__rubric").bounding_box()
        assert answer and rubric
        assert answer["x"] + answer["width"] <= rubric["x"], "the answer is beside the rubric"
        assert abs(answer["y"] - rubric["y"]) < 5, "both columns start at the same height"
        if number == 0:
            page.set_viewport_size(PHONE)
            width = widths(page)
            assert width[0] <= width[1], f"{width[0]}px wide on a {width[1]}px phone"
            page.set_viewport_size(DESKTOP)
        _mark_all_met(page)
        page.get_by_role("button", name="Save and mark next").click()

    expect(page.get_by_text("Nothing else is waiting to be marked")).to_be_visible()
    expect(page.get_by_role("heading", name="Answers to mark")).to_be_visible()
    db.session.expire_all()
    statuses = db.session.scalars(select(ScenarioSubmission.status)).all()
    assert statuses == ["marked", "marked", "marked"]
