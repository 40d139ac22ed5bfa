"""In a real browser at 320 px: a mentor claims expenses from a contact and a coordinator
approves the claim; each expense page fits the phone without sideways scrolling and passes axe."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.access.expenses import make_contact
from tests.e2e.screen import assert_fits_and_passes_axe as _fits_and_passes_axe
from tests.e2e.screen import wait_for_scripts
from tests.e2e.test_quiz_keyboard_and_phone import sign_in as _sign_in

PHONE = {"width": 320, "height": 640}


def test_a_mentor_claims_and_a_coordinator_approves_on_a_phone(
    page: Page, browser, live_server, people
):
    contact = make_contact(people["trainee"], people["coordinator"])
    page.set_viewport_size(PHONE)
    _sign_in(page, people["trainee"].email)
    page.goto(f"/matching/my-mentees/{contact.match_id}")
    page.get_by_role("link", name="Claim expenses").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Claim for your contact")
    _fits_and_passes_axe(page)
    page.get_by_label("Travel (up to £20.00)").check()
    page.get_by_label("Amount, in pounds").fill("25")
    page.get_by_label("What was it for?").fill("Bus fare to the gate")
    page.get_by_role("button", name="Send claim").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("up to £20.00")
    # govuk-frontend's error summary moves focus (and scrolls) to itself when its script runs:
    # a click aimed before that lands where the button was, not where it is.
    wait_for_scripts(page)
    page.get_by_label("Amount, in pounds").fill("4.50")
    page.get_by_role("button", name="Send claim").click()
    expect(page.get_by_text("Your claim has been sent to your coordinator.")).to_be_visible()
    _fits_and_passes_axe(page)
    page.goto("/expenses/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    _fits_and_passes_axe(page)

    coordinator = browser.new_page(base_url=live_server.base_url)
    coordinator.set_viewport_size(PHONE)
    _sign_in(coordinator, people["coordinator"].email)
    coordinator.goto("/expenses/claims")
    _fits_and_passes_axe(coordinator)
    coordinator.get_by_role("link", name="Travel for Trainee").click()
    expect(coordinator.get_by_role("button", name="Approve claim")).to_be_visible()
    _fits_and_passes_axe(coordinator)
    coordinator.get_by_role("button", name="Approve claim").click()
    expect(coordinator.get_by_text("No claims are waiting. All done.")).to_be_visible()
    coordinator.goto("/expenses/export")
    expect(coordinator.get_by_role("link", name="Download the CSV")).to_be_visible()
    _fits_and_passes_axe(coordinator)
    coordinator.close()
