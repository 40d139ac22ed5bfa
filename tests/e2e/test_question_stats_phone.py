"""In a real browser: the question statistics page, with a long scenario stem and every flag,
fits a 320px phone and has no serious accessibility problems."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from lms.extensions import db
from tests.e2e.screen import wait_for_scripts, widths
from tests.factories import PASSWORD, make_module
from tests.quiz_data import crafted_attempt

PHONE = {"width": 320, "height": 640}
SITUATION = (
    "You meet Dan at the prison gate on the day he is released. A week later he sends you a "
    "friend request on Facebook, and a message saying he is struggling at night."
)


def test_question_statistics_fit_a_phone_and_pass_axe(page: Page, people):
    from axe_playwright_python.sync_playwright import Axe

    module = make_module("stats", questions=12, per_attempt=5, must_pass_keys=("q1",))
    version = module.current_version
    version.outcomes = [{"id": "contact", "text": "Keep contact to the scheme's phone.", "draw": 1}]
    q1 = next(q for q in version.questions if q.key == "q1")
    q1.type, q1.scenario, q1.outcome = "scenario", SITUATION, "contact"
    for i in range(10):
        crafted_attempt(
            people["trainee"], module, (1, int(i >= 5), int(i < 2), int(i < 5), int(i < 5))
        )
    db.session.commit()
    page.set_viewport_size(PHONE)
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(people["trainer"].email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(re.compile(r"^Signed in as "))).to_be_visible()
    page.get_by_role("link", name="Question statistics").first.click()
    page.get_by_role("link", name="version 1 (current)").click()
    expect(page.get_by_role("heading", name="How the questions are doing")).to_be_visible()
    expect(page.get_by_text(SITUATION)).to_be_visible()
    for flag in ("Everyone gets this right", "Strong candidates get this wrong"):
        expect(page.locator(".govuk-tag", has_text=flag)).to_have_count(1)
    expect(page.locator(".govuk-tag", has_text="Most get this wrong")).to_have_count(1)
    page.get_by_text("What the numbers mean and what to do").click()
    expect(page.get_by_text("point-biserial correlation", exact=False)).to_be_visible()
    wait_for_scripts(page)  # axe after tables.mjs has made a scrolling table focusable
    scroll, inner = widths(page)
    assert scroll <= inner, (scroll, inner)
    bad = [
        v
        for v in Axe().run(page).response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]
    assert bad == []
