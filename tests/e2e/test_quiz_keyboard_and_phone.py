"""In a real browser: a trainee takes a quiz by keyboard alone, and pages work on a small phone.

Helpers find things the way a person does, by their labels and roles, never by CSS ids.
The sample module's options are A, B and C: A is right, and on "Select all that apply"
questions A and B are both right (see tests/factories.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.screen import wait_for_scripts, widths
from tests.factories import (
    PASSWORD,
    make_mentee,
    make_mentor,
    make_module,
    make_scenario,
    submit_answer,
)

PHONE = {"width": 320, "height": 640}
MAX_TABS = 80
QUESTION = re.compile(r"^Question \d+ of \d+")
MULTIPLE_HINT = "Select all that apply"
SIGNED_IN = re.compile(r"^Signed in as ")


@pytest.fixture
def module(app):
    return make_module("sample")


# --- helpers: only the keyboard and what a person can see ---------------------------------


def is_focused(locator: Locator) -> bool:
    return locator.evaluate("element => element === document.activeElement")


def tab_to(page: Page, target: Locator, *, backwards: bool = False) -> None:
    """Press Tab (or Shift+Tab) until ``target`` has the focus."""
    key = "Shift+Tab" if backwards else "Tab"
    for _ in range(MAX_TABS):
        if is_focused(target):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{MAX_TABS} presses of {key} never reached {target}")


def tab_into(page: Page, group: Locator) -> None:
    """Press Tab until the focus is somewhere inside ``group``."""
    for _ in range(MAX_TABS):
        if group.evaluate("group => group.contains(document.activeElement)"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{MAX_TABS} presses of Tab never reached {group}")


def activate(page: Page, target: Locator) -> None:
    """Tab to a link or button and press Enter."""
    tab_to(page, target)
    page.keyboard.press("Enter")


def sign_in_by_keyboard(page: Page, email: str) -> None:
    page.goto("/sign-in")
    tab_to(page, page.get_by_label("Email address"))
    page.keyboard.type(email)
    tab_to(page, page.get_by_label("Password"))
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_text(SIGNED_IN)).to_be_visible()


def answer_by_keyboard(page: Page, group: Locator) -> None:
    """Answer one question rightly: Space on checkboxes, arrow keys between radio buttons."""
    tab_into(page, group)
    if group.get_by_text(MULTIPLE_HINT).count():
        right = group.get_by_role("checkbox", name=re.compile(r"^[AB]"))
        boxes = group.get_by_role("checkbox")
        for i in range(boxes.count()):
            tab_to(page, boxes.nth(i))
            if any(is_focused(right.nth(j)) for j in range(right.count())):
                page.keyboard.press("Space")
        for j in range(right.count()):
            expect(right.nth(j)).to_be_checked()
        expect(group.get_by_role("checkbox", name=re.compile(r"^C"))).not_to_be_checked()
        return
    right = group.get_by_role("radio", name=re.compile(r"^A"))
    for _ in range(group.get_by_role("radio").count() + 1):
        if is_focused(right):
            break
        page.keyboard.press("ArrowDown")  # moves to the next option and selects it
    assert is_focused(right), "the arrow keys never reached the right answer"
    page.keyboard.press("Space")
    expect(right).to_be_checked()


def take_quiz_by_keyboard(page: Page) -> int:
    """Answer half, save with the "Save my answers" button, then answer the rest and send,
    checking the count ("6 of 12 answered") the page keeps as answers are chosen."""
    questions = page.get_by_role("group", name=QUESTION)
    total = questions.count()
    assert total > 0, "the quiz shows no questions"
    half = total // 2
    for i in range(half):
        answer_by_keyboard(page, questions.nth(i))
    expect(page.locator("#quiz-answered")).to_have_text(f"{half} of {total} answered")
    activate(page, page.get_by_role("button", name="Save my answers"))
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    expect(page.locator("#quiz-answered")).to_have_text(f"{half} of {total} answered")
    wait_for_scripts(page)  # a new page: the count follows the choices once its script listens
    for i in range(half, total):
        answer_by_keyboard(page, questions.nth(i))
    expect(page.locator("#quiz-answered")).to_have_text(f"{total} of {total} answered")
    activate(page, page.get_by_role("button", name="Send my answers"))
    return total


def take_quiz_by_pointer(page: Page) -> None:
    questions = page.get_by_role("group", name=QUESTION)
    for i in range(questions.count()):
        group = questions.nth(i)
        if group.get_by_text(MULTIPLE_HINT).count():
            group.get_by_role("checkbox", name=re.compile(r"^A")).check()
            group.get_by_role("checkbox", name=re.compile(r"^B")).check()
        else:
            group.get_by_role("radio", name=re.compile(r"^A")).check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="You passed")).to_be_visible()


def sign_in(page: Page, email: str) -> None:
    page.goto("/sign-in")
    for _ in range(3):
        if page.url.endswith("/sign-in"):
            break
        # Still signed in as the last person: a request in flight when the test cleared the
        # cookies (a page's save on leaving, under load) set them again. Leave the page so
        # nothing more is sent, clear them once more, and come back.
        page.goto("about:blank")
        page.context.clear_cookies()
        page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(SIGNED_IN)).to_be_visible()


def visit_every_page(page: Page, people, check: Callable[[str], None]) -> list[str]:
    """Open the pages a trainee and an admin use most, calling ``check(name)`` on each."""
    seen: list[str] = []

    def checked(name: str) -> None:
        wait_for_scripts(page)  # checked as a person finds the page, its scripts done
        check(name)
        seen.append(name)

    page.goto("/")
    checked("landing page")
    page.get_by_role("button", name="Sign in").click()  # the start button is a link-button
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    checked("sign-in page")
    sign_in(page, people["trainee"].email)
    expect(page.get_by_role("heading", name="Your training")).to_be_visible()
    checked("trainee home (learning path)")
    page.get_by_role("link", name="Module sample", exact=True).click()
    expect(page.get_by_role("heading", name="Module sample")).to_be_visible()
    checked("module page")
    page.get_by_role("link", name="First lesson").click()
    expect(page.get_by_role("heading", name="First lesson")).to_be_visible()
    checked("lesson page")
    page.get_by_role("link", name="Back to Module sample").click()
    page.get_by_role("button", name="Start the quiz").click()
    expect(page.get_by_role("heading", name="Quiz")).to_be_visible()
    checked("quiz page")
    take_quiz_by_pointer(page)
    checked("result page")
    page.context.clear_cookies()
    sign_in(page, people["admin"].email)
    page.goto("/admin/people")
    expect(page.get_by_role("heading", name="People")).to_be_visible()
    checked("admin people list")
    return seen


def follow_menu(page: Page, name: str) -> None:
    """Follow a link in the service menu, opening the menu first if a small screen folds it.

    Call it once the page is showing: it waits for the page's scripts (govuk-frontend folds the
    menu behind the button), so the button is seen as a person sees it.
    """
    wait_for_scripts(page)
    toggle = page.get_by_role("button", name="Menu")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name=name, exact=True).click()


def visit_journey_pages(page: Page, people, module, check: Callable[[str], None]) -> list[str]:
    """Open the key pages of the journeys (tests/e2e/test_journeys.py), calling ``check``.

    The data comes from factories: an answer waiting to be marked, a certificate (with a real
    number, so /verify accepts it) held by a matchable mentor, and a mentee in need of one.
    """
    from lms.certificates.number import new_number
    from lms.extensions import db

    submit_answer(people["trainee"], make_scenario(module))
    cert = make_mentor(people["trainee"])
    cert.number = new_number()
    db.session.commit()
    number = cert.number
    make_mentee(people["trainee"].scheme, "M-001", created_by=people["coordinator"])
    seen: list[str] = []

    def checked(name: str, heading: str) -> None:
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        wait_for_scripts(page)
        check(name)
        seen.append(name)

    page.context.clear_cookies()
    sign_in(page, people["trainer"].email)
    follow_menu(page, "Marking")
    page.get_by_role("button", name=re.compile(r"^Mark this answer")).click()
    checked("marking page", "Mark: A request for money")

    page.context.clear_cookies()
    sign_in(page, people["trainee"].email)
    follow_menu(page, "Practice log")
    page.get_by_role("link", name="Log a session").click()
    checked("practice log form", "Log a session")
    follow_menu(page, "Certificate")
    page.get_by_role("link", name=number).click()
    checked("certificate page", "Certificate core-peer-mentor")

    page.context.clear_cookies()
    page.goto("/verify")
    page.get_by_label("Certificate number").fill(number)
    page.get_by_role("button", name="Check certificate").click()
    checked("verify result", "This certificate is valid")

    sign_in(page, people["coordinator"].email)
    follow_menu(page, "Matching")
    checked("matching dashboard", "Matching")
    follow_menu(page, "Mentees")
    page.get_by_role("link", name="M-001").click()
    page.get_by_role("button", name="Find a mentor").click()
    expect(page.get_by_role("button", name=re.compile(r"^Propose match"))).to_be_visible()
    checked("candidates page", "Find a mentor")
    return seen


# --- the tests -----------------------------------------------------------------------------


def test_trainee_takes_a_quiz_with_the_keyboard_only(page: Page, people):
    """Sign in, read a lesson, start, answer, save, answer the rest and send the quiz, then
    follow the result's next step, without touching a mouse."""
    make_module("sample", per_attempt=12)  # every question, so checkboxes always come up
    sign_in_by_keyboard(page, people["trainee"].email)
    expect(page.get_by_role("heading", name="Your training")).to_be_visible()

    activate(page, page.get_by_role("link", name="Module sample", exact=True))
    expect(page.get_by_role("heading", name="Module sample")).to_be_visible()

    activate(page, page.get_by_role("link", name="First lesson"))
    expect(page.get_by_role("heading", name="First lesson")).to_be_visible()
    activate(page, page.get_by_role("button", name="I have read this: next lesson"))
    expect(page.get_by_role("heading", name="Second lesson")).to_be_visible()

    # Back to the module by going backwards through the page, as a keyboard user might.
    page.keyboard.press("Tab")
    tab_to(page, page.get_by_role("link", name="Back to Module sample"), backwards=True)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Module sample")).to_be_visible()
    expect(page.get_by_text("Read", exact=True)).to_have_count(1)

    activate(page, page.get_by_role("button", name="Start the quiz"))
    expect(page.get_by_role("heading", name="Quiz")).to_be_visible()
    wait_for_scripts(page)  # Enter does not wait for them: the count needs quiz-save listening
    total = take_quiz_by_keyboard(page)

    expect(page.get_by_role("heading", name="You passed")).to_be_visible()
    assert total == 12
    expect(page.get_by_text("12 out of 12 right (100%)")).to_be_visible()
    # The only module is done: the result says so and the link to what comes next works.
    expect(page.get_by_text("You have passed all the training modules.")).to_be_visible()
    activate(page, page.get_by_role("link", name="See your next step on your training page"))
    expect(page.get_by_role("heading", name="Your training")).to_be_visible()


def test_no_page_scrolls_sideways_on_a_320px_phone(page: Page, people, module):
    """At 320 CSS pixels wide, no page is wider than the screen."""
    page.set_viewport_size(PHONE)
    too_wide: dict[str, tuple[int, int]] = {}

    def check(name: str) -> None:
        scroll, inner = widths(page)
        if scroll > inner:
            too_wide[name] = (scroll, inner)

    seen = visit_every_page(page, people, check)
    seen += visit_journey_pages(page, people, module, check)
    assert len(seen) == 14
    assert not too_wide, f"pages wider than the screen (scrollWidth, innerWidth): {too_wide}"


FOCUS_STYLE = """element => {
  const s = getComputedStyle(element);
  return {
    outline: s.outlineStyle === "none" || s.outlineColor === "rgba(0, 0, 0, 0)"
      ? "none" : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
    background: s.backgroundColor,
    boxShadow: s.boxShadow,
    color: s.color,
    textDecoration: `${s.textDecorationLine} ${s.textDecorationThickness}`,
  };
}"""


def focus_changes(page: Page, link: Locator) -> dict[str, tuple[str, str]]:
    """How a link's look changes when it gets the focus from the keyboard."""
    page.mouse.move(0, 0)
    if is_focused(link):
        page.keyboard.press("Shift+Tab")
    before = link.evaluate(FOCUS_STYLE)
    tab_to(page, link)
    after = link.evaluate(FOCUS_STYLE)
    return {key: (before[key], after[key]) for key in before if before[key] != after[key]}


def test_keyboard_focus_on_links_is_visible(page: Page, people, module):
    """Links look different when focused by keyboard (outline, background or shadow)."""
    unchanged: list[str] = []

    def check_links(names: list[str]) -> None:
        wait_for_scripts(page)  # styles and scripts in place before "before" is read
        for name in names:
            link = page.get_by_role("link", name=name, exact=True).first
            changes = focus_changes(page, link)
            visible = {
                k: v for k, v in changes.items() if k in {"outline", "background", "boxShadow"}
            }
            if not visible:
                unchanged.append(f"{page.url} {name!r}: {changes or 'no change at all'}")

    page.goto("/sign-in")
    check_links(["Peer Mentor Training", "I have forgotten my password"])
    sign_in(page, people["trainee"].email)
    check_links(["My training", "Module sample"])
    page.get_by_role("link", name="Module sample", exact=True).click()
    expect(page.get_by_role("heading", name="Module sample")).to_be_visible()
    check_links(["Back to your training", "First lesson"])
    assert not unchanged, "links with no visible focus style:\n" + "\n".join(unchanged)


def test_axe_finds_no_serious_problems(page: Page, people, module):
    """axe-core finds nothing "serious" or "critical" on the pages of the phone test."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    page.set_viewport_size(PHONE)
    problems: dict[str, list[dict]] = {}

    def check(name: str) -> None:
        results = axe.run(page)
        bad = [
            violation
            for violation in results.response["violations"]
            if violation.get("impact") in {"serious", "critical"}
        ]
        if bad:
            problems[f"{name} ({page.url})"] = bad

    seen = visit_every_page(page, people, check)
    assert len(seen) == 8
    assert not problems, "axe found serious or critical problems:\n" + json.dumps(
        problems, indent=2
    )
