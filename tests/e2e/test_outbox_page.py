"""In a real browser: the admin's outbox page fits a 320 px phone and passes axe-core."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.screen import wait_for_scripts, widths
from tests.factories import PASSWORD

PHONE = {"width": 320, "height": 640}
SERIOUS = {"serious", "critical"}


def test_outbox_page_fits_a_phone_and_passes_axe(page: Page, people):
    """Dead letters with long addresses and errors show without sideways scrolling or axe issues."""
    from axe_playwright_python.sync_playwright import Axe

    from lms.extensions import db
    from lms.outbox.models import FAILED, OutboxMessage

    db.session.add(
        OutboxMessage(
            to_address="a.very.long.address.for.a.narrow.screen@probation-scheme.example.org",
            subject="Your certificate expires in 30 days",
            body="Hello",
            template="certificate_reminder",
            status=FAILED,
            attempts=8,
            last_error="SMTPRecipientsRefused: {'a.very.long.address@example.org': (550, b'5.1')}",
        )
    )
    db.session.commit()
    page.set_viewport_size(PHONE)
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(people["admin"].email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Emails not sent yet").click()
    expect(page.get_by_role("heading", name="Emails not sent yet", level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Send again")).to_be_visible()
    wait_for_scripts(page)  # axe after tables.mjs has made a scrolling table focusable
    scroll, inner = widths(page)
    assert scroll <= inner, (scroll, inner)
    found = [v for v in Axe().run(page).response["violations"] if v.get("impact") in SERIOUS]
    assert not found, found
