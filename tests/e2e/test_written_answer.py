"""In a real browser: a written answer's live word count, writing and sending it by keyboard
alone, the draft saved as it is written, an answer surviving a sign-in that ended mid-writing,
and the warning (with "Stay signed in") before the sign-in ends."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from lms.accounts.models import Person
from lms.assessment.draft_routes import COOKIE as HELD_ANSWER
from lms.assessment.models import ScenarioSubmission
from lms.extensions import db
from tests.e2e.conftest import TIMEOUT_MS
from tests.e2e.test_quiz_keyboard_and_phone import activate, sign_in, sign_in_by_keyboard, tab_to
from tests.factories import LONG_ANSWER, PASSWORD, make_module, make_scenario

URL = "/assessment/boundaries/money"
SHORT_SESSION = 24  # seconds; the warning comes WARNING seconds before the end
WARNING = 20


@pytest.fixture
def app_config(app_config: dict, request) -> dict:
    config = dict(app_config)
    if "short_session" in request.fixturenames:
        config["PERMANENT_SESSION_LIFETIME"] = timedelta(seconds=SHORT_SESSION)
        config["SESSION_WARNING_SECONDS"] = WARNING
    return config


@pytest.fixture
def short_session() -> int:
    """Asked for by a test that needs the sign-in to last SHORT_SESSION seconds (app_config)."""
    return SHORT_SESSION


@pytest.fixture
def scenario(app):
    scenario = make_scenario(make_module("boundaries"))
    db.session.commit()
    return scenario


def answer_box(page: Page):
    return page.get_by_role("textbox", name=re.compile("Your answer|Try again"))


def counted(page: Page, message: str):
    """The count's visible message (the component also says it once to screen readers)."""
    return page.get_by_text(message, exact=True).first


def wait_for_cookie(page: Page, name: str) -> None:
    """Wait until the browser holds the cookie ``name`` (one a script's request brings back)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while not any(cookie["name"] == name for cookie in page.context.cookies()):
        assert time.monotonic() < deadline, f"the browser never got the {name} cookie"
        page.wait_for_timeout(50)


def the_draft(person) -> ScenarioSubmission | None:
    db.session.expire_all()
    return db.session.scalars(
        select(ScenarioSubmission).where(ScenarioSubmission.person_id == person.id)
    ).first()


def test_word_count_updates_while_typing_and_the_draft_saves_itself(
    page: Page, app, people, scenario
):
    """The GOV.UK count says the words left (or too many) as you type; the server count shown
    without JavaScript follows; a few seconds after typing stops the draft is saved."""
    app.config["SCENARIO_MAX_WORDS"] = 5
    sign_in(page, people["trainee"].email)
    page.goto(URL)
    box = answer_box(page)
    expect(counted(page, "You have 5 words remaining")).to_be_visible()
    box.click()
    page.keyboard.type("I would say no")
    expect(counted(page, "You have 1 word remaining")).to_be_visible()
    expect(page.get_by_text("You have written 4 words.", exact=False)).to_be_visible()
    page.keyboard.type(" and tell my coordinator")
    expect(counted(page, "You have 3 words too many")).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Draft saved at")).to_have_text(
        re.compile(r"^Draft saved at \d{1,2}:\d\d[ap]m$")
    )
    assert the_draft(people["trainee"]).answer == "I would say no and tell my coordinator"


def test_trainee_writes_and_sends_an_answer_with_the_keyboard_only(page: Page, people, scenario):
    """Sign in, open the scenario, write the answer and send it without touching a mouse."""
    sign_in_by_keyboard(page, people["trainee"].email)
    page.goto("/assessment/")
    activate(page, page.get_by_role("link", name=re.compile("A request for money")))
    expect(page.get_by_role("heading", name="A request for money", level=1)).to_be_visible()
    tab_to(page, answer_box(page))
    page.keyboard.insert_text(LONG_ANSWER)
    page.keyboard.type(" Thank you.")
    activate(page, page.get_by_role("button", name="Send for marking"))
    expect(page.get_by_text("Your answer has been sent. A trainer will mark it.")).to_be_visible()
    sent = the_draft(people["trainee"])
    assert sent.status == "submitted" and sent.answer == LONG_ANSWER + " Thank you."


def test_a_written_answer_survives_a_sign_in_that_ended(page: Page, people, scenario):
    """Mid-writing the sign-in ends for real (signed out everywhere else); the answer is sent
    anyway, the trainee signs in again and finds it in their draft, not sent."""
    from lms.accounts.services import end_sessions

    trainee = people["trainee"]
    sign_in(page, trainee.email)
    page.goto(URL)
    answer_box(page).click()
    text = "I would tell Dean no, kindly, and tell my coordinator the same day."
    page.keyboard.type(text)
    end_sessions(db.session.get(Person, trainee.id))
    db.session.commit()
    page.get_by_role("button", name="Send for marking").click()

    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    expect(
        page.get_by_text("You were signed out. Sign in again and we will put your answer back.")
    ).to_be_visible()
    page.get_by_label("Email address").fill(trainee.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="A request for money", level=1)).to_be_visible()
    expect(page.get_by_text("Check it, then send it.", exact=False)).to_be_visible()
    expect(answer_box(page)).to_have_value(text)
    draft = the_draft(trainee)
    assert draft.status == "draft" and draft.answer == text


def test_the_copy_on_the_device_comes_back_after_the_network_and_sign_in_are_lost(
    page: Page, people, scenario
):
    """With no network the draft cannot be saved: the page says the text is kept on the
    device. The sign-in is lost too (the cookies go); after signing in again the text is back
    in the box, saved, and the copy on the device is gone."""
    trainee = people["trainee"]
    sign_in(page, trainee.email)
    page.goto(URL)
    page.route("**/draft", lambda route: route.abort())
    answer_box(page).click()
    page.keyboard.type("Kept on this phone while the network was down.")
    expect(page.get_by_role("status")).to_have_text(re.compile("It is kept on this device"))
    page.unroute("**/draft")
    page.context.clear_cookies()
    # Leaving the page sends the text once more; the server holds it under a cookie. Lose that
    # cookie too, so only the copy on the device is left to bring the text back: once it has
    # come (cleared sooner, the answer to that send would set it again).
    page.goto("/sign-in")
    wait_for_cookie(page, HELD_ANSWER)
    page.context.clear_cookies()
    sign_in(page, trainee.email)
    page.goto(URL)
    expect(answer_box(page)).to_have_value("Kept on this phone while the network was down.")
    expect(page.get_by_role("status")).to_have_text(re.compile(r"^Draft saved at"))
    page.wait_for_function(
        "() => !Object.keys(localStorage).some(k => k.startsWith('lms:answer:'))"
    )
    assert the_draft(trainee).answer == "Kept on this phone while the network was down."


def test_a_warning_comes_before_the_sign_in_ends_and_stay_signed_in_renews_it(
    page: Page, people, scenario, short_session
):
    """Near the end of the sign-in an alert dialog takes the focus and says the draft is
    saved; "Stay signed in" renews the sign-in and gives the focus back to the answer."""
    sign_in(page, people["trainee"].email)
    page.goto(URL)
    warning = page.get_by_role("alertdialog", name="You will be signed out soon")
    expect(warning).to_be_visible(timeout=(SHORT_SESSION - WARNING + 5) * 1000)
    expect(warning).to_be_focused()
    expect(warning).to_contain_text("Your draft is saved.")
    warning.get_by_role("button", name="Stay signed in").click()
    expect(warning).to_be_hidden()
    expect(answer_box(page)).to_be_focused()
    expect(page.get_by_role("status")).to_have_text("You are still signed in.")
    page.wait_for_timeout((SHORT_SESSION - WARNING - 1) * 1000)
    page.reload()  # the renewed sign-in still holds after the first one would have ended
    expect(answer_box(page)).to_be_visible()
