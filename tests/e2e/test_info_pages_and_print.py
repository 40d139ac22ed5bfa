"""In a real browser: the help, privacy and accessibility pages fit a 320 px phone and pass axe
signed in and out, and the practice log prints without the site's navigation, footer or links
to other pages' controls."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.screen import assert_fits_and_passes_axe
from tests.e2e.test_quiz_keyboard_and_phone import PHONE, sign_in
from tests.factories import make_practice_entry

PAGES = ("/help", "/privacy", "/accessibility")


@pytest.mark.parametrize("signed_in", [False, True], ids=["signed out", "trainee"])
def test_info_pages_fit_a_phone_and_pass_axe(page: Page, people, signed_in):
    """Each page fits 320 px with nothing serious for axe, and its footer links to the others."""
    page.set_viewport_size(PHONE)
    if signed_in:
        sign_in(page, people["trainee"].email)
    for path in PAGES:
        page.goto(path)
        expect(page.locator("h1")).to_be_visible()
        assert_fits_and_passes_axe(page)
        footer = page.get_by_role("contentinfo")
        for name in ("Help", "Privacy", "Accessibility"):
            expect(footer.get_by_role("link", name=name, exact=True)).to_be_visible()


def test_practice_log_prints_without_navigation(page: Page, people):
    """Printed, the log shows its heading and entries but no menu, footer, skip or back link."""
    make_practice_entry(people["trainee"], people["trainer"], location="Job centre")
    sign_in(page, people["trainee"].email)
    page.goto("/practice/print")
    navigation = page.get_by_role("navigation", name="Menu")
    footer = page.get_by_role("contentinfo")
    back = page.get_by_role("link", name="Back to your practice log")
    expect(navigation).to_be_visible()  # on screen they are there
    expect(footer).to_be_visible()
    page.emulate_media(media="print")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_have_text("Practice log: Trainee")
    expect(page.get_by_text("Job centre")).to_be_visible()
    for hidden in (navigation, footer, back, page.get_by_role("button", name="Sign out")):
        expect(hidden).to_be_hidden()
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).color") == "rgb(0, 0, 0)"
