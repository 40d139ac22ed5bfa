"""The mentor's journey in a real browser: a certified mentor signs in, accepts the match their
coordinator proposed, logs two contacts and flags a concern on one; the coordinator signs in,
sees it under "Needs your action" and on the match, and marks it looked at. axe-core checks
every page on the way, as in test_journeys.py.

Everything is done through what a person sees (labels, roles, visible text); the only address
typed is the sign-in page. The people, the certificate and the proposed match are made with
the factories beforehand.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from lms.accounts.models import Role
from lms.extensions import db
from lms.matching.matches.services import propose_match
from lms.ukdates import uk_today
from tests.e2e.screen import wait_for_scripts
from tests.e2e.test_journeys import SERIOUS, flashed, press
from tests.e2e.test_quiz_keyboard_and_phone import sign_in
from tests.factories import make_mentee, make_mentor, make_person, make_scheme

MENTOR, COORDINATOR = "Maya Mentor", "Cara Coordinator"
EMAILS = {MENTOR: "maya@example.org", COORDINATOR: "cara@example.org"}
MENTEE = "M-042"
CONCERN_NOTE = "He said he had nowhere to sleep tonight. Told him about the night shelter."


class Checker:
    """axe-core once per distinct page (path and main heading), keeping serious findings."""

    def __init__(self) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self._axe = Axe()
        self.problems: dict[str, list[dict]] = {}
        self.checked: list[str] = []

    def __call__(self, page: Page, heading: str) -> None:
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        wait_for_scripts(page)  # as a person finds it: scrolling tables made focusable
        path = f"{urlsplit(page.url).path} [{heading}]"
        if path in self.checked:
            return
        self.checked.append(path)
        bad = [v for v in self._axe.run(page).response["violations"] if v["impact"] in SERIOUS]
        if bad:
            self.problems[path] = bad


@pytest.fixture
def cast(app):
    scheme = make_scheme("mentoring", "Mentoring Scheme")
    mentor = make_person(EMAILS[MENTOR], MENTOR, [Role.TRAINEE], scheme)
    coordinator = make_person(EMAILS[COORDINATOR], COORDINATOR, [Role.COORDINATOR], scheme)
    make_mentor(mentor, today=uk_today())
    mentee = make_mentee(scheme, MENTEE, created_by=coordinator)
    propose_match(db.session, coordinator, mentor, mentee, uk_today())
    db.session.commit()
    db.session.remove()  # hold no transaction open while the server works


def log_contact(page: Page, how: str, minutes: str, note: str, concern: bool) -> None:
    page.get_by_label("Date of the contact").fill(uk_today().isoformat())
    page.get_by_label(how, exact=True).check()
    page.get_by_label("How long, in minutes").fill(minutes)
    page.get_by_label("Short note").fill(note)
    if concern:
        page.get_by_label("I have a concern about a risk of harm").check()
    press(page, "Save contact")


def test_mentor_accepts_logs_contacts_flags_a_concern_and_the_coordinator_sees_it(
    browser, live_server, cast
):
    check = Checker()

    # The mentor finds the proposed match in "My mentees" and accepts it.
    mentor = browser.new_context(base_url=live_server.base_url).new_page()
    sign_in(mentor, EMAILS[MENTOR])
    mentor.get_by_role("link", name="My mentees", exact=True).first.click()
    check(mentor, "My mentees")
    mentor.get_by_role("link", name=f"Accept or decline the match with {MENTEE}").click()
    check(mentor, MENTEE)
    press(mentor, "Accept match")
    flashed(mentor, "You accepted the match. It is now active.")
    check(mentor, MENTEE)

    # Two contacts, the second with a concern.
    log_contact(mentor, "At the gate", "60", "Met at the gate and went to the council.", False)
    flashed(mentor, "Contact saved.")
    log_contact(mentor, "Phone", "15", CONCERN_NOTE, True)
    flashed(mentor, "Your safeguarding lead has been told.")
    expect(mentor.get_by_text("Concern", exact=True)).to_be_visible()
    expect(mentor.get_by_text("You flagged a concern.")).to_be_visible()
    check(mentor, MENTEE)

    # The coordinator sees it under "Needs your action", then on the list and the match.
    coordinator = browser.new_context(base_url=live_server.base_url).new_page()
    sign_in(coordinator, EMAILS[COORDINATOR])
    check(coordinator, "Coordinator")
    needs = coordinator.locator('[data-action="concerns"]')
    expect(needs).to_contain_text("1 match with a concern flagged by the mentor")
    needs.get_by_role("link").click()
    check(coordinator, "Concerns flagged by mentors")
    expect(coordinator.get_by_text(CONCERN_NOTE)).to_be_visible()
    coordinator.get_by_role("link", name=f"Open the match with {MENTEE}").click()
    check(coordinator, f"{MENTOR} with {MENTEE}")
    expect(coordinator.get_by_text("Not yet looked at")).to_be_visible()
    press(coordinator, "Mark as looked at")
    flashed(coordinator, "Concern marked as looked at.")
    expect(coordinator.get_by_text(f"Looked at by {COORDINATOR}")).to_be_visible()
    coordinator.get_by_role("link", name="Coordinator", exact=True).first.click()
    check(coordinator, "Coordinator")
    expect(coordinator.locator('[data-action="concerns"]')).to_have_count(0)

    mentor.context.close()
    coordinator.context.close()
    assert check.checked, "the journey checked no pages with axe"
    assert not check.problems, "axe found serious or critical problems:\n" + json.dumps(
        check.problems, indent=2
    )
