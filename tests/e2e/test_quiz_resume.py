"""In a real browser: a quiz left half-way keeps its answers, saved as they are chosen (or by
the "Save my answers" button without JavaScript), and comes back with them and the count.

The sample module's options are A, B and C: A is right, and on "Select all that apply"
questions A and B are both right (see tests/factories.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.screen import serious_axe, too_wide, wait_for_scripts
from tests.e2e.test_quiz_keyboard_and_phone import (
    MULTIPLE_HINT,
    PHONE,
    QUESTION,
    follow_menu,
    sign_in,
)
from tests.factories import make_module

SAVED = re.compile(r"/training/attempts/\d+/answers$")


@pytest.fixture
def module(app):
    return make_module("sample", per_attempt=6)


def answer(group: Locator) -> None:
    """Choose the right answer(s) to one question by pointer."""
    if group.get_by_text(MULTIPLE_HINT).count():
        group.get_by_role("checkbox", name=re.compile(r"^A")).check()
        group.get_by_role("checkbox", name=re.compile(r"^B")).check()
    else:
        group.get_by_role("radio", name=re.compile(r"^A")).check()


def expect_chosen(group: Locator, chosen: bool) -> None:
    """The right answer(s) of the question are chosen, or nothing is."""
    inputs = group.locator("input")
    if not chosen:
        for i in range(inputs.count()):
            expect(inputs.nth(i)).not_to_be_checked()
    elif group.get_by_text(MULTIPLE_HINT).count():
        expect(group.get_by_role("checkbox", name=re.compile(r"^A"))).to_be_checked()
        expect(group.get_by_role("checkbox", name=re.compile(r"^B"))).to_be_checked()
    else:
        expect(group.get_by_role("radio", name=re.compile(r"^A"))).to_be_checked()


def open_quiz_from_home(page: Page) -> None:
    """Back to the quiz the way a trainee would: home, "Carry on", then the module's button."""
    follow_menu(page, "My training")
    expect(page.get_by_role("heading", name="Your training")).to_be_visible()
    page.get_by_role("link", name="Carry on with Module sample").click()
    expect(page.get_by_role("heading", name="Module sample")).to_be_visible()
    page.get_by_role("button", name="Carry on with the quiz").click()
    expect(page.get_by_role("heading", name="Quiz")).to_be_visible()
    wait_for_scripts(page)  # answers chosen next are saved and counted only once it listens


def test_a_quiz_left_half_way_comes_back_with_its_answers(page: Page, people, module):
    """Answer 3 of 6 (each saved as it is chosen), leave, come back by the back button and by
    the home page: the 3 are still chosen and the page says "3 of 6 answered"; then finish."""
    page.set_viewport_size(PHONE)
    sign_in(page, people["trainee"].email)
    page.get_by_role("link", name="Module sample", exact=True).click()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text("0 of 6 answered").first).to_be_visible()
    expect(page.get_by_text("Your answers are saved as you choose them.")).to_be_visible()
    questions = page.get_by_role("group", name=QUESTION)
    for i in range(3):
        with page.expect_response(lambda r: bool(SAVED.search(r.url)) and r.ok):
            answer(questions.nth(i))
    expect(page.locator("#quiz-answered")).to_have_text("3 of 6 answered")
    assert too_wide(page) is None and serious_axe(page) == []

    follow_menu(page, "My training")
    expect(page.get_by_role("heading", name="Your training")).to_be_visible()
    page.go_back()
    expect(page.get_by_role("heading", name="Quiz")).to_be_visible()
    for i in range(6):
        expect_chosen(questions.nth(i), chosen=i < 3)

    page.context.clear_cookies()  # a new sign-in, so nothing can come from this page's state
    sign_in(page, people["trainee"].email)
    open_quiz_from_home(page)
    expect(page.locator("#quiz-answered")).to_have_text("3 of 6 answered")
    for i in range(6):
        expect_chosen(questions.nth(i), chosen=i < 3)

    for i in range(3, 6):
        answer(questions.nth(i))
    expect(page.locator("#quiz-answered")).to_have_text("6 of 6 answered")
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="You passed")).to_be_visible()
    expect(page.get_by_text("You have passed all the training modules.")).to_be_visible()
    assert too_wide(page) is None and serious_axe(page) == []


@pytest.fixture
def page_without_js(browser, live_server) -> Iterator[Page]:
    context = browser.new_context(base_url=live_server.base_url, java_script_enabled=False)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()


def test_without_javascript_the_save_button_keeps_the_answers(
    page_without_js: Page, people, module
):
    """No script: "Save my answers" saves without sending; coming back shows them."""
    page = page_without_js
    sign_in(page, people["trainee"].email)
    page.get_by_role("link", name="Module sample", exact=True).click()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_text("choose Save my answers at the end")).to_be_visible()
    questions = page.get_by_role("group", name=QUESTION)
    for i in range(2):
        answer(questions.nth(i))
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    expect(page.locator("#quiz-answered")).to_have_text("2 of 6 answered")

    page.goto("/trainee")
    page.get_by_role("link", name="Carry on with Module sample").click()
    page.get_by_role("button", name="Carry on with the quiz").click()
    expect(page.get_by_role("heading", name="Quiz")).to_be_visible()
    expect(page.locator("#quiz-answered")).to_have_text("2 of 6 answered")
    for i in range(6):
        expect_chosen(questions.nth(i), chosen=i < 2)


def test_a_save_that_fails_says_so_by_the_question_and_the_buttons(page: Page, people, module):
    """No connection for a save: the question and the status by the buttons say it was not
    saved and what to do; the next save that works clears the question's message."""
    sign_in(page, people["trainee"].email)
    page.get_by_role("link", name="Module sample", exact=True).click()
    page.get_by_role("button", name="Start the quiz").click()
    # The script says so once it listens: a choice made before that is not sent at all.
    expect(page.get_by_text("Your answers are saved as you choose them.")).to_be_visible()
    questions = page.get_by_role("group", name=QUESTION)
    page.route(SAVED, lambda route: route.abort())
    answer(questions.nth(0))
    not_saved = "Your last answer was not saved. Check your connection"
    expect(questions.nth(0).get_by_text(not_saved)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text=not_saved)).to_be_visible()
    page.unroute(SAVED)
    with page.expect_response(lambda r: bool(SAVED.search(r.url)) and r.ok):
        questions.nth(0).get_by_label(re.compile(r"^C")).check()  # C: never chosen yet
    expect(questions.nth(0).get_by_text(not_saved)).to_have_count(0)
