"""In a real browser: a trainee without email signs in from a printed card. A trainer adds
them, the card page (read at 320 px and printed alone on one A4 page) gives the username and
code, and a fresh browser signs in with them, chooses a password and lands on the trainee home."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import TIMEOUT_MS, LiveServer
from tests.e2e.screen import assert_fits_and_passes_axe
from tests.e2e.test_quiz_keyboard_and_phone import PHONE, sign_in

NEW_PASSWORD = "kettle orange pavement violin"
PDF_PAGE = re.compile(rb"/Type\s*/Page(?!s)")


def _make_card(page: Page, people) -> tuple[str, str]:
    """The trainer adds Jo Bloggs from Invitations; returns the card's username and code."""
    sign_in(page, people["trainer"].email)
    page.goto("/invitations/")
    page.get_by_role("button", name="Add a trainee without email").click()
    page.get_by_label("Full name").fill("Jo Bloggs")
    page.get_by_label("Username").fill("jo.bloggs")
    page.get_by_role("button", name="Add trainee and make their sign-in card").click()
    expect(page.get_by_role("heading", name="Your sign-in card")).to_be_visible()
    username = page.locator('[data-card="username"]').inner_text().strip()
    code = page.locator('[data-card="code"]').inner_text().strip()
    return username, code


def test_a_trainee_without_email_signs_in_from_a_printed_card(
    page: Page, browser: Browser, live_server: LiveServer, people
):
    page.set_viewport_size(PHONE)
    username, code = _make_card(page, people)
    assert username == "jo.bloggs" and re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", code)
    card = page.locator(".app-sign-in-card")
    expect(card.get_by_text(live_server.url("/sign-in"))).to_be_visible()
    expect(card.get_by_role("img", name=re.compile("Scan it with your phone"))).to_be_visible()
    assert_fits_and_passes_axe(page)

    page.emulate_media(media="print")  # on paper: the card alone
    expect(card).to_be_visible()
    for hidden in (
        page.get_by_role("navigation", name="Menu"),
        page.get_by_role("contentinfo"),
        page.get_by_role("heading", name="Sign-in card for Jo Bloggs"),
        page.locator(".app-header"),
    ):
        expect(hidden).to_be_hidden()
    pdf = page.pdf(format="A4", print_background=False)
    assert len(PDF_PAGE.findall(pdf)) == 1, "the card prints on more than one page"

    # The trainee, in a browser of their own, with only what the card says.
    context = browser.new_context(base_url=live_server.base_url, viewport=PHONE)
    context.set_default_timeout(TIMEOUT_MS)
    trainee = context.new_page()
    try:
        trainee.goto("/sign-in")
        trainee.get_by_label("Email address or username").fill(username)
        trainee.get_by_label("Password", exact=True).fill(code)
        trainee.get_by_role("button", name="Sign in").click()
        expect(trainee.get_by_role("heading", name="Choose a password")).to_be_visible()
        assert_fits_and_passes_axe(trainee)
        trainee.get_by_label("New password").fill(NEW_PASSWORD)
        trainee.get_by_label("Type the password again").fill(NEW_PASSWORD)
        trainee.get_by_role("button", name="Save password").click()
        expect(trainee.get_by_text("Signed in as Jo Bloggs.")).to_be_visible()
        assert trainee.url.endswith("/trainee"), trainee.url
        expect(trainee.get_by_text("Your password is saved and you are signed in")).to_be_visible()
    finally:
        context.close()
