"""The whole service in a real browser: five journeys, one test each, told as one story.

A trainee learns, fails and passes a quiz, writes a scenario answer and logs practice (1); a
trainer marks and refers answers, confirms hours and signs off an observation (2); a coordinator
records the DBS check (3); a trainer issues the certificate, the trainee downloads it and a
stranger checks it at /verify (4); a coordinator matches the new mentor, the certificate is
revoked by a second person, the public page says "not valid" and the match is paused (5).

The journeys build on each other, so they share one app, one database and one live server for
this module. Each test plays its journey; if an earlier one has not been played (a test run on
its own with ``-k``) it is played first, and if an earlier one failed, later ones are skipped.

Everything is done through what a person sees: labels, roles and visible text. The only
addresses typed are the sign-in page (where each person's part starts) and the public /verify
page a stranger opens. Data a journey needs but does not create through the pages is made with
the factories beforehand. axe-core checks every distinct page path the journeys reach.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from lms import create_app
from lms.accounts.models import Role, Scheme
from lms.extensions import db
from lms.ukdates import uk_today
from tests.conftest import ROOT, _empty_tables
from tests.e2e.conftest import TIMEOUT_MS, LiveServer
from tests.e2e.screen import wait_for_scripts
from tests.e2e.test_quiz_keyboard_and_phone import (
    MULTIPLE_HINT,
    QUESTION,
    sign_in,
    take_quiz_by_pointer,
)
from tests.factories import (
    PRACTICE_REFLECTION,
    confirmed_practice,
    make_definition,
    make_mentee,
    make_module,
    make_person,
    make_practice_entry,
    make_scenario,
    make_scheme,
    submit_answer,
)

SERIOUS = {"serious", "critical"}

TRAINEE, OTHER_TRAINEE = "Tia Trainee", "Sam Second"
TRAINER, COORDINATOR, ADMIN = "Tom Trainer", "Cara Coordinator", "Ada Admin"
EMAILS = {
    TRAINEE: "tia@example.org",
    OTHER_TRAINEE: "sam@example.org",
    TRAINER: "tom@example.org",
    COORDINATOR: "cara@example.org",
    ADMIN: "ada@example.org",
}
MENTEE = "M-001"
SCENARIO = "A request for money"
CERTIFICATE = "Certificate core-peer-mentor"

DRAFT = (
    "First I would tell Dean kindly but clearly that I cannot lend him money, because a loan "
    "would change our relationship and put us both at risk."
)
REST_OF_ANSWER = (
    " I would explain that this is a rule of the scheme and not a judgement of him. I would "
    "tell my coordinator the same day, writing down what he asked for and what I said. Then I "
    "would ask what the money was for, and if it was food or the electricity meter I would "
    "help him find the food bank, the local welfare fund and the advice centre, and offer to "
    "go with him. I would keep meeting him as planned so he knows I am still on his side."
)


# --- the story: one app, database and live server for the five journeys ----------------------


class Story:
    """What the journeys share: the live server, browser contexts, progress and axe results."""

    def __init__(self, browser: Browser, server: LiveServer, scheme_id: int) -> None:
        self.browser = browser
        self.server = server
        self.scheme_id = scheme_id
        self.number = ""  # the certificate number, once journey 4 has issued it
        self.done: set[int] = set()
        self.failed: set[int] = set()
        self.checked: dict[str, str] = {}  # "path [heading]" -> the page's title
        self.problems: dict[str, list[dict]] = {}  # "path [heading]" -> serious, critical
        self._contexts: list[BrowserContext] = []
        from axe_playwright_python.sync_playwright import Axe

        self._axe = Axe()

    # -- browsers

    def stranger(self) -> Page:
        """A new browser context: nobody signed in, no cookies."""
        context = self.browser.new_context(base_url=self.server.base_url, accept_downloads=True)
        context.set_default_timeout(TIMEOUT_MS)
        self._contexts.append(context)
        return context.new_page()

    def signed_in(self, name: str, home: str) -> Page:
        """A fresh browser signed in as ``name``, on their home page with heading ``home``."""
        page = self.stranger()
        if not any(path.startswith("/sign-in ") for path in self.checked):
            page.goto("/sign-in")
            arrive(self, page, "Sign in")
        sign_in(page, EMAILS[name])
        arrive(self, page, home)
        return page

    def close_browsers(self) -> None:
        for context in self._contexts:
            context.close()
        self._contexts.clear()

    # -- accessibility

    def axe(self, page: Page, state: str = "") -> None:
        """Run axe-core once per distinct page, keeping serious and critical findings.

        A page is its URL path and main heading: /verify/<number> saying "valid" and saying
        "not valid" are different pages (different colours) at the same path. ``state`` names
        another state of a page worth its own check (a form opened, a match paused).
        """
        wait_for_scripts(page)  # as a person finds it: scrolling tables made focusable
        heading = page.get_by_role("heading", level=1).first.inner_text().strip()
        path = f"{urlsplit(page.url).path} [{heading}{'; ' + state if state else ''}]"
        if path in self.checked:
            return
        self.checked[path] = page.title()
        bad = [
            violation
            for violation in self._axe.run(page).response["violations"]
            if violation.get("impact") in SERIOUS
        ]
        if bad:
            self.problems[path] = bad

    # -- playing the journeys in order

    def play(self, number: int) -> list[str]:
        """Play journey ``number`` (and any earlier one not yet played); the paths it checked."""
        before = set(self.checked)
        for earlier in range(1, number):
            if earlier in self.failed:
                pytest.skip(f"journey {earlier} failed, so journey {number} cannot start")
            if earlier not in self.done:
                self._play(earlier)
        self._play(number)
        return [path for path in self.checked if path not in before]

    def _play(self, number: int) -> None:
        try:
            JOURNEYS[number](self)
        except BaseException:
            self.failed.add(number)
            raise
        finally:
            self.close_browsers()
        self.done.add(number)

    def assert_accessible(self, paths: list[str]) -> None:
        assert paths, "the journey checked no pages with axe"
        found = {
            f"{self.checked[path]} ({path})": self.problems[path]
            for path in paths
            if path in self.problems
        }
        assert not found, "axe found serious or critical problems:\n" + json.dumps(found, indent=2)


@pytest.fixture(scope="module")
def story(browser: Browser, database_url: str) -> Iterator[Story]:
    """The app and a live server for the whole module, with the cast and content made first.

    Like the ``app`` and ``live_server`` fixtures, but shared by the five tests so each journey
    starts where the one before ended; the tables are emptied afterwards in the same way.
    """
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "MIGRATIONS_DIR": str(ROOT / "migrations"),
            "RATELIMIT_SIGN_IN": "1000 per minute",
        }
    )
    with app.app_context():
        scheme_id = cast_and_content()
        db.session.remove()  # hold no transaction open while the server works
        server = LiveServer(app)
        server.start()
        story = Story(browser, server, scheme_id)
        try:
            yield story
        finally:
            story.close_browsers()
            server.stop()
            db.session.rollback()
            _empty_tables()
            db.session.remove()
            db.engine.dispose()


def cast_and_content() -> int:
    """The people, the module and its scenario, the certificate and the practice done earlier.

    The certificate needs 4 confirmed hours in 3 sessions, one of them an observed session
    passed. One hour was confirmed long ago (made here); the trainee also logged an observed
    session that waits for sign-off (made here). The trainee logs 2 hours of shadowing in
    journey 1, the trainer confirms it and signs the observation off in journey 2, and the
    coordinator records the DBS check in journey 3: only then is the trainee eligible.
    """
    scheme = make_scheme("journeys", "Journeys Scheme")
    people = {
        TRAINEE: [Role.TRAINEE],
        OTHER_TRAINEE: [Role.TRAINEE],
        TRAINER: [Role.TRAINER],
        COORDINATOR: [Role.COORDINATOR],
        ADMIN: [Role.ADMIN],
    }
    made = {name: make_person(EMAILS[name], name, roles, scheme) for name, roles in people.items()}
    module = make_module("sample", attempt_limit=2)
    scenario = make_scenario(module)
    definition = make_definition(
        min_hours=4, min_sessions=3, min_observed=1, vetting_level="enhanced"
    )
    submit_answer(made[OTHER_TRAINEE], scenario)
    confirmed_practice(made[TRAINEE], made[TRAINER], sessions=1, minutes=60, observed=0)
    make_practice_entry(made[TRAINEE], made[TRAINER], kind="observed", minutes=60, days_ago=5)

    # Every requirement is still to do: the journeys' own steps are what complete them.
    from lms.certificates.eligibility import evaluate

    route = evaluate(db.session, made[TRAINEE], definition, uk_today())
    unmet = {item.code for item in route.items if not item.met}
    assert unmet == {"modules", "scenarios", "hours", "sessions", "observed", "vetting"}
    return scheme.id


def give_mentor_profile(story: Story) -> None:
    """The new certificate holder becomes a mentor: a profile, supervision and a mentee."""
    from sqlalchemy import select

    from lms.accounts.models import Person
    from lms.matching.models import MentorProfile, SupervisionSession

    def person(name: str) -> Person:
        return db.session.scalars(select(Person).where(Person.email == EMAILS[name])).one()

    mentor, coordinator = person(TRAINEE), person(COORDINATOR)
    db.session.add(
        MentorProfile(
            person_id=mentor.id,
            available=True,
            capacity=2,
            area="Leeds",
            languages=["English"],
            gender="woman",
            needs_experience=["housing"],
        )
    )
    db.session.add(
        SupervisionSession(
            mentor_id=mentor.id,
            supervisor_id=coordinator.id,
            held_on=uk_today() - timedelta(days=7),
            wellbeing="Doing well; keen to start mentoring.",
        )
    )
    db.session.commit()
    make_mentee(db.session.get(Scheme, story.scheme_id), MENTEE, created_by=coordinator)
    db.session.remove()


# --- helpers: what a person sees ---------------------------------------------------------------


def arrive(story: Story, page: Page, heading: str | re.Pattern[str]) -> None:
    """Wait for the page with this main heading, then let axe check it (once per path)."""
    expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
    story.axe(page)


def flashed(page: Page, text: str | re.Pattern[str]) -> None:
    expect(page.get_by_role("alert").filter(has_text=text)).to_be_visible()


def go(story: Story, page: Page, link: str, heading: str | re.Pattern[str]) -> None:
    """Follow a link (in the menu or on the page) to the page with ``heading``."""
    page.get_by_role("link", name=link, exact=True).first.click()
    arrive(story, page, heading)


def press(page: Page, button: str | re.Pattern[str]) -> None:
    page.get_by_role("button", name=button).click()


def take_quiz_wrongly(page: Page) -> None:
    """Choose C (always wrong) on every question, and send."""
    questions = page.get_by_role("group", name=QUESTION)
    assert questions.count() > 0, "the quiz shows no questions"
    for i in range(questions.count()):
        group = questions.nth(i)
        kind = "checkbox" if group.get_by_text(MULTIPLE_HINT).count() else "radio"
        group.get_by_role(kind, name=re.compile(r"^C")).check()
    press(page, "Send my answers")


def mark_criteria(page: Page, met: bool) -> None:
    """Say Met (or Not met) for every criterion of the scenario's rubric."""
    for criterion in ("Names the boundary", "Tells the coordinator", "Keeps supporting"):
        group = page.get_by_role("group", name=criterion)
        group.get_by_label("Met" if met else "Not met", exact=True).check()


def row(page: Page, text: str):
    return page.get_by_role("row").filter(has_text=text)


def summary_value(page: Page, key: str):
    """The value beside ``key`` in a summary list (a <dt>/<dd> pair: term and definition)."""
    term = page.get_by_role("term").filter(has_text=re.compile(rf"^{re.escape(key)}$"))
    return term.locator("xpath=following-sibling::*[1]")


def verify_as_stranger(story: Story, headline: str) -> Page:
    """Someone not signed in types the number into the public /verify form."""
    page = story.stranger()
    page.goto("/verify")
    arrive(story, page, "Check a peer mentor certificate")
    page.get_by_label("Certificate number").fill(story.number)
    press(page, "Check certificate")
    arrive(story, page, headline)
    expect(summary_value(page, "Name")).to_have_text(TRAINEE)
    return page


# --- the journeys -------------------------------------------------------------------------------


def journey_1_trainee_learns_and_logs_practice(story: Story) -> None:
    page = story.signed_in(TRAINEE, "Your training")

    # Read both lessons of the module.
    go(story, page, "Module sample", "Module sample")
    go(story, page, "First lesson", "First lesson")
    press(page, "I have read this: next lesson")
    arrive(story, page, "Second lesson")
    press(page, "I have read this: back to the module")
    arrive(story, page, "Module sample")
    expect(page.get_by_text("Read", exact=True)).to_have_count(2)

    # Fail the quiz, then try again and pass it.
    press(page, "Start the quiz")
    arrive(story, page, "Quiz")
    take_quiz_wrongly(page)
    arrive(story, page, "Not passed this time")
    expect(page.get_by_text(re.compile(r"^You got 0 out of \d+ right"))).to_be_visible()
    press(page, "Try again")
    arrive(story, page, "Quiz")
    take_quiz_by_pointer(page)  # asserts "You passed"
    story.axe(page)
    page.get_by_role("link", name="Back to Module sample").click()
    arrive(story, page, "Module sample")
    expect(row(page, "Not passed")).to_have_count(1)
    expect(row(page, "Passed").filter(has_not_text="Not passed")).to_have_count(1)

    # Start a scenario answer, save it as a draft, leave, come back and send it.
    go(story, page, "Scenario answers", "Scenario answers")
    go(story, page, SCENARIO, SCENARIO)
    page.get_by_label("Your answer").fill(DRAFT)
    press(page, "Save draft")
    flashed(page, "Your draft is saved")
    arrive(story, page, SCENARIO)
    go(story, page, "My training", "Your training")
    go(story, page, "Scenario answers", "Scenario answers")
    expect(page.get_by_text("Draft saved")).to_be_visible()
    go(story, page, SCENARIO, SCENARIO)
    answer = page.get_by_label("Your answer")
    expect(answer).to_have_value(DRAFT)
    answer.fill(DRAFT + REST_OF_ANSWER)
    press(page, "Send for marking")
    flashed(page, "Your answer has been sent")
    arrive(story, page, "Scenario answers")
    expect(page.get_by_text("Waiting for marking")).to_be_visible()

    # Log two hours of shadowing for the trainer to confirm.
    go(story, page, "Practice log", "Your practice log")
    hours = page.get_by_role("listitem").filter(has_text="Confirmed hours:")
    expect(hours).to_contain_text("1 of")
    go(story, page, "Log a session", "Log a session")
    day = uk_today() - timedelta(days=2)
    page.get_by_label("Date of the session").fill(day.isoformat())
    page.get_by_label("How long was the session?").select_option(label="2 hours")
    page.get_by_role("group", name="Type of session").get_by_label("Shadowing").check()
    page.get_by_label("Where was the session?").fill("The probation office in town")
    page.get_by_label("Trainer who supervised you").select_option(label=TRAINER)
    page.get_by_label("What did you do, and what did you learn?").fill(PRACTICE_REFLECTION)
    press(page, "Send to the trainer")
    flashed(page, f"Session sent to {TRAINER} to confirm.")
    arrive(story, page, re.compile(r"^Session on "))
    expect(summary_value(page, "How long")).to_have_text("2 hours")
    expect(summary_value(page, "Trainer")).to_have_text(TRAINER)
    page.get_by_role("link", name="Back to your practice log").click()
    arrive(story, page, "Your practice log")
    expect(row(page, "Shadowing").filter(has_text="Waiting")).to_have_count(1)


def journey_2_trainer_marks_and_confirms(story: Story) -> None:
    page = story.signed_in(TRAINER, "Trainer")

    # Pass the trainee's answer: claim it in the queue, every criterion met.
    go(story, page, "Marking", "Answers to mark")
    expect(page.get_by_role("row")).to_have_count(3)  # the header and two answers
    row(page, TRAINEE).get_by_role("button", name=re.compile(r"^Mark this answer")).click()
    arrive(story, page, f"Mark: {SCENARIO}")
    expect(page.get_by_text(REST_OF_ANSWER.strip()[:60])).to_be_visible()
    mark_criteria(page, met=True)
    page.get_by_role("group", name="Overall result").get_by_label("Pass").check()
    page.get_by_label("Feedback to the trainee").fill("Clear boundary, told the coordinator.")
    press(page, "Save mark")
    flashed(page, "Mark saved. The trainee has been told.")
    arrive(story, page, "Answers to mark")

    # Refer the other trainee's answer.
    expect(row(page, TRAINEE)).to_have_count(0)
    row(page, OTHER_TRAINEE).get_by_role("button", name=re.compile(r"^Mark this answer")).click()
    arrive(story, page, f"Mark: {SCENARIO}")
    mark_criteria(page, met=False)
    page.get_by_role("group", name="Overall result").get_by_label(re.compile("^Refer")).check()
    page.get_by_label("Feedback to the trainee").fill("Say what you would do, not only words.")
    press(page, "Save mark")
    flashed(page, "Mark saved. The trainee has been told.")
    expect(page.get_by_text("Nothing is waiting to be marked.")).to_be_visible()

    # Confirm the shadowing hours.
    go(story, page, "Practice to confirm", "Practice to confirm")
    page.get_by_role("checkbox", name=f"Confirm {TRAINEE}'s session", exact=False).check()
    press(page, "Confirm selected sessions")
    flashed(page, "1 session confirmed.")
    arrive(story, page, "Practice to confirm")

    # Sign off the observed session against the checklist.
    page.get_by_role("link", name=re.compile(rf"^Sign off {TRAINEE}'s observed session")).click()
    arrive(story, page, "Sign off an observed session")
    checklist = page.get_by_role("group").filter(
        has=page.get_by_role("radio", name="Not met", exact=True)
    )
    expect(checklist).to_have_count(6)
    for i in range(6):
        checklist.nth(i).get_by_label("Met", exact=True).check()
    page.get_by_role("group", name="Overall outcome").get_by_label("Passed").check()
    page.get_by_label("Comments for the trainee").fill("Warm and clear. Well done.")
    press(page, "Sign off and confirm the hours")
    flashed(page, f"{TRAINEE}'s observed session has been signed off.")
    expect(page.get_by_text("Nothing is waiting for you.")).to_be_visible()


def journey_3_coordinator_records_vetting(story: Story) -> None:
    page = story.signed_in(COORDINATOR, "Coordinator")
    go(story, page, "DBS checks", "DBS checks")
    expect(row(page, TRAINEE).get_by_text("None recorded")).to_be_visible()
    go(story, page, TRAINEE, "Record a DBS check")
    page.get_by_label("Enhanced", exact=True).check()
    page.get_by_label("Date on the DBS certificate").fill(
        (uk_today() - timedelta(days=30)).isoformat()
    )
    page.get_by_label("Recheck due").fill((uk_today() + timedelta(days=3 * 365 - 30)).isoformat())
    press(page, "Save DBS check")
    flashed(page, f"DBS check saved for {TRAINEE}.")
    arrive(story, page, "DBS checks")
    expect(row(page, TRAINEE).get_by_role("cell", name="Enhanced", exact=True)).to_be_visible()


def journey_4_certificate_issued_downloaded_verified(story: Story) -> None:
    # A trainer sees every requirement met and issues the certificate.
    page = story.signed_in(TRAINER, "Trainer")
    go(story, page, "Trainee progress", "Trainee progress")
    go(story, page, TRAINEE, "Certificates")
    expect(page.get_by_text("Every requirement is met.")).to_be_visible()
    expect(page.get_by_text("To do", exact=True)).to_have_count(0)
    press(page, f"Issue {CERTIFICATE}")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Issue {CERTIFICATE}?")
    press(page, "Yes, issue the certificate")
    banner = page.get_by_role("alert").filter(has_text=f"issued to {TRAINEE}")
    expect(banner).to_be_visible()
    found = re.search(r"Certificate (PM-[A-Z0-9-]+) issued", banner.inner_text())
    assert found, f"no certificate number in {banner.inner_text()!r}"
    story.number = found.group(1)
    arrive(story, page, CERTIFICATE)
    expect(summary_value(page, "Number")).to_have_text(story.number)

    # The trainee finds it and downloads the PDF.
    page = story.signed_in(TRAINEE, "Your training")
    go(story, page, "Certificate", "Your certificate")
    go(story, page, story.number, CERTIFICATE)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the certificate (PDF)").click()
    download = info.value
    pdf = Path(download.path()).read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    assert download.suggested_filename == f"certificate-{story.number}.pdf"

    # A stranger checks it.
    verify_as_stranger(story, "This certificate is valid")


def journey_5_match_then_revoke(story: Story) -> None:
    give_mentor_profile(story)

    # A coordinator finds the new mentor for a mentee and starts the match.
    coordinator = story.signed_in(COORDINATOR, "Coordinator")
    go(story, coordinator, "Matching", "Matching")
    expect(summary_value(coordinator, "Can be matched")).to_have_text("1")
    go(story, coordinator, "See every mentor", "Mentors")
    expect(coordinator.get_by_role("link", name=TRAINEE)).to_be_visible()
    go(story, coordinator, "Mentees", "Mentees")
    go(story, coordinator, MENTEE, f"Mentee {MENTEE}")
    coordinator.get_by_role("button", name="Find a mentor").click()
    arrive(story, coordinator, "Find a mentor")
    press(coordinator, f"Propose match with {TRAINEE}")
    flashed(coordinator, f"Match proposed: {TRAINEE} with {MENTEE}.")
    arrive(story, coordinator, f"{TRAINEE} with {MENTEE}")
    press(coordinator, "Make the match active")
    flashed(coordinator, "Match is now active.")
    expect(summary_value(coordinator, "Status")).to_have_text("Active")

    # The coordinator proposes revoking the certificate.
    go(story, coordinator, "Certificates", "Certificates")
    go(story, coordinator, story.number, CERTIFICATE)
    coordinator.get_by_text("Propose revoking this certificate").click()
    story.axe(coordinator, "the coordinator's view, revocation form open")
    coordinator.get_by_label("Why should it be revoked?").fill("Lent money to a mentee.")
    press(coordinator, "Propose revocation")
    flashed(coordinator, "Revocation proposed: a different admin must approve it.")

    # A different person, an admin, approves it.
    admin = story.signed_in(ADMIN, "Admin")
    go(story, admin, "Revocations waiting for a decision", "Revocations to decide")
    expect(admin.get_by_text(f"Proposed by {COORDINATOR}")).to_be_visible()
    admin.get_by_label("Revoke the certificate").check()
    admin.get_by_label("Why?").fill("The scheme's investigation upheld the concern.")
    press(admin, "Record decision")
    flashed(admin, "Decision recorded.")
    expect(admin.get_by_text("Nothing is waiting.")).to_be_visible()

    # The public page now says not valid, and the match is paused.
    verify_as_stranger(story, "This certificate is not valid")
    go(story, coordinator, "Matching", "Matching")
    go(story, coordinator, f"{TRAINEE} with {MENTEE}", f"{TRAINEE} with {MENTEE}")
    expect(summary_value(coordinator, "Status")).to_have_text("Paused")
    expect(summary_value(coordinator, "Paused")).to_contain_text("Certificate revoked")
    story.axe(coordinator, "paused")


JOURNEYS: dict[int, Callable[[Story], None]] = {
    1: journey_1_trainee_learns_and_logs_practice,
    2: journey_2_trainer_marks_and_confirms,
    3: journey_3_coordinator_records_vetting,
    4: journey_4_certificate_issued_downloaded_verified,
    5: journey_5_match_then_revoke,
}


# --- the tests: one per journey, in story order ------------------------------------------------


def test_journey_1_trainee_reads_fails_passes_answers_and_logs_practice(story: Story):
    story.assert_accessible(story.play(1))


def test_journey_2_trainer_marks_refers_confirms_and_signs_off(story: Story):
    story.assert_accessible(story.play(2))


def test_journey_3_coordinator_records_a_dbs_check(story: Story):
    story.assert_accessible(story.play(3))


def test_journey_4_certificate_is_issued_downloaded_and_verified(story: Story):
    story.assert_accessible(story.play(4))


def test_journey_5_mentor_matched_then_revoked_and_match_paused(story: Story):
    story.assert_accessible(story.play(5))
