"""In a real browser: a trainer renews a certificate in its renewal window. The certificate
page lists what renewal needs with progress and offers no "Renew" until it is met; the trainer
records a supervision session, the holder has passed the changed module again, and the trainer
renews through the confirmation page; the new certificate names the one it renews. The pages
pass axe-core and the confirmation fits a 320 px phone."""

from __future__ import annotations

from datetime import timedelta

from playwright.sync_api import Page, expect

from lms.certificates import services
from lms.extensions import db
from lms.ukdates import uk_today
from tests.e2e.screen import wait_for_scripts, widths
from tests.e2e.test_journeys import flashed, press, summary_value
from tests.e2e.test_quiz_keyboard_and_phone import sign_in
from tests.factories import make_definition, make_eligible, make_module, take_quiz

SERIOUS = {"serious", "critical"}
PHONE = {"width": 320, "height": 640}
CERTIFICATE = "Certificate core-peer-mentor"


def _axe(page: Page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    wait_for_scripts(page)  # as a person finds it: scrolling tables made focusable
    found = [v for v in Axe().run(page).response["violations"] if v.get("impact") in SERIOUS]
    assert not found, found


def _in_its_window(people):
    """A certificate issued 23 months ago (24 months' validity, a 60-day window), and since
    then a new version of its module's questions."""
    definition = make_definition()
    trainee = people["trainee"]
    make_eligible(trainee, people["trainer"], people["coordinator"])
    issued_on = uk_today() - timedelta(days=700)
    cert = services.issue(
        db.session,
        people["trainer"],
        trainee,
        definition,
        services.IssueSettings("https://lms.test"),
        today=issued_on,
    )
    db.session.commit()
    make_module("sample")
    return cert


def _task(page: Page, name: str):
    return page.locator(".govuk-task-list__item").filter(has_text=name)


def test_a_trainer_renews_a_certificate_once_renewal_needs_are_met(page: Page, people):
    cert = _in_its_window(people)
    old_number = cert.number
    trainee_id, trainee_name = people["trainee"].id, people["trainee"].name
    trainer_email = people["trainer"].email
    db.session.remove()

    sign_in(page, trainer_email)
    page.get_by_role("link", name="Certificates", exact=True).first.click()
    page.get_by_role("link", name=old_number).click()
    expect(page.get_by_role("heading", name="Renewal", level=2)).to_be_visible()
    expect(_task(page, "Refresher modules passed")).to_contain_text("Still to do: Module sample.")
    expect(_task(page, "Supervision in the last 6 weeks")).to_contain_text("To do")
    expect(_task(page, "DBS check")).to_contain_text("Done")
    expect(page.get_by_role("button", name="Renew", exact=True)).to_have_count(0)
    _axe(page)

    # The trainer records a supervision session through the site.
    page.get_by_role("link", name="Supervision", exact=True).first.click()
    page.get_by_role("link", name=trainee_name, exact=True).click()
    page.get_by_label("Date of the session").fill(uk_today().isoformat())
    page.get_by_label("How is the mentor doing?").fill("Well, and ready for renewal.")
    press(page, "Save supervision session")
    # The holder passes the changed module again (their own quiz, not the trainer's step).
    from lms.accounts.models import Person
    from lms.content.models import Module

    module = db.session.query(Module).filter_by(slug="sample").one()
    take_quiz(db.session.get(Person, trainee_id), module)
    db.session.remove()

    page.goto(f"/certificates/{old_number}")
    for name in ("Refresher modules passed", "Supervision in the last 6 weeks", "DBS check"):
        expect(_task(page, name)).to_contain_text("Done")
    press(page, "Renew")
    expect(page.get_by_role("heading", name=f"Renew {CERTIFICATE}", level=1)).to_be_visible()
    expect(
        page.get_by_text(f"A new certificate with a new number replaces {old_number}")
    ).to_be_visible()
    page.set_viewport_size(PHONE)
    scroll, inner = widths(page)
    assert scroll <= inner, (scroll, inner)
    _axe(page)
    press(page, "Renew certificate")
    flashed(page, f"replaces {old_number}")
    expect(summary_value(page, "Renews")).to_have_text(old_number)
    new_number = summary_value(page, "Number").inner_text().strip()
    assert new_number != old_number

    # The old certificate now says it was replaced, and offers no renewal.
    page.get_by_role("link", name=old_number).click()
    expect(summary_value(page, "Status")).to_have_text("Replaced by a renewed certificate")
    expect(page.get_by_role("heading", name="Renewal", level=2)).to_have_count(0)
