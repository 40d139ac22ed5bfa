"""In a real browser: reading settings change how every page is drawn, are kept through sign-in
and on other pages, and the key trainee pages stay usable at 200% zoom (640 CSS px for a
1280 px screen) and at 320 px with the largest text (WCAG 1.4.10 reflow), passing axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from lms.extensions import db
from lms.training.services import start_attempt
from tests.e2e.screen import serious_axe, too_wide
from tests.e2e.test_quiz_keyboard_and_phone import sign_in as _sign_in
from tests.factories import make_module, make_practice_entry, make_scenario

DESKTOP = {"width": 1280, "height": 800}
ZOOMED = {"width": 640, "height": 400}  # 1280 x 800 at 200% zoom
PHONE = {"width": 320, "height": 640}
CREAM = "rgb(251, 247, 233)"
PALE_BLUE = "rgb(226, 238, 249)"
STYLE = """element => {
  const style = getComputedStyle(element);
  return [parseFloat(style.fontSize), parseFloat(style.lineHeight), parseFloat(style.marginBottom),
          getComputedStyle(document.body).backgroundColor];
}"""


def _looks(page: Page) -> tuple[float, float, float, str]:
    """(font size, line height, space below, page background) of the main text's first
    paragraph."""
    return page.locator("main p.govuk-body").first.evaluate(STYLE)


def _choose(page: Page, size: str, spacing: str, background: str) -> None:
    """Choose on the settings page by the radios' labels and save."""
    page.get_by_role("group", name="Text size").get_by_label(size, exact=True).check()
    page.get_by_role("group", name="Line spacing").get_by_label(spacing, exact=True).check()
    page.get_by_role("group", name="Background colour").get_by_label(background).check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Your reading settings are saved.")).to_be_visible()


def test_largest_text_more_spacing_and_cream_change_the_page_and_last_through_sign_in(
    page: Page, people
):
    """Signed out: choosing largest text, more spacing and cream makes the text bigger with
    taller lines on a cream page; after sign-in the account keeps them, on every page."""
    page.set_viewport_size(DESKTOP)
    page.goto("/help")
    size, line, gap, background = _looks(page)
    assert background == "rgb(255, 255, 255)"
    page.get_by_role("contentinfo").get_by_role("link", name="Reading settings").click()
    _choose(page, "Largest", "More space between lines", "Cream")
    page.get_by_role("link", name="Go back to what you were reading").click()
    page.wait_for_url("**/help")
    big_size, big_line, big_gap, cream = _looks(page)
    assert big_size == pytest.approx(size * 1.5, rel=0.02)
    assert big_line / big_size >= 1.5 and big_line > line * 1.5
    assert big_gap >= 2 * big_size - 1 and big_gap > gap
    assert cream == CREAM

    _sign_in(page, people["trainee"].email)
    page.goto("/practice/")
    assert page.locator("html").get_attribute("class") == (
        "govuk-template app-reading-text-largest app-reading-spacing-more "
        "app-reading-background-cream"
    )
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == CREAM
    trainee = people["trainee"]
    db.session.refresh(trainee)
    assert (trainee.reading_text_size, trainee.reading_background) == ("largest", "cream")

    # Signed in, a change is kept on the account: a fresh browser shows it after sign-in.
    page.goto("/reading-settings")
    _choose(page, "Large", "Standard", "Pale blue")
    fresh = page.context.browser.new_context(base_url=page.url.split("/reading")[0])
    try:
        other = fresh.new_page()
        _sign_in(other, trainee.email)
        other.goto("/help")
        size_there, _, _, blue = _looks(other)
        assert size_there == pytest.approx(size * 1.25, rel=0.02) and blue == PALE_BLUE
    finally:
        fresh.close()


def test_with_javascript_a_choice_shows_on_the_page_before_it_is_saved(page: Page):
    """Picking a radio previews it on the whole page at once and says it is not saved yet;
    leaving without saving keeps the saved look."""
    page.set_viewport_size(DESKTOP)
    page.goto("/reading-settings")
    size = _looks(page)[0]
    page.get_by_role("group", name="Text size").get_by_label("Largest", exact=True).check()
    page.get_by_role("group", name="Background colour").get_by_label("Pale blue").check()
    expect(page.locator("html")).to_have_class(
        "govuk-template app-reading-text-largest app-reading-background-blue"
    )
    assert _looks(page)[0] == pytest.approx(size * 1.5, rel=0.02)
    expect(page.get_by_text("Press Save settings to keep it.")).to_be_visible()
    page.goto("/help")
    expect(page.locator("html")).to_have_class("govuk-template")


@pytest.fixture
def trainee_pages(people) -> list[str]:
    """The key trainee pages: home, training path, a module, a lesson, a quiz, a written
    answer, the practice log and the settings page."""
    module = make_module("sample")
    scenario = make_scenario(module)
    attempt = start_attempt(db.session, people["trainee"], module)
    db.session.commit()
    make_practice_entry(people["trainee"], people["trainer"], status="rejected")
    lesson = module.current_version.lessons[0].slug
    return [
        "/trainee",
        "/training/",
        f"/training/{module.slug}",
        f"/training/{module.slug}/lessons/{lesson}",
        f"/training/attempts/{attempt.id}",
        f"/assessment/{module.slug}/{scenario.key}",
        "/practice/",
        "/reading-settings",
    ]


def _check(browser: Browser, base_url: str, people, paths, viewport, settings) -> list[str]:
    """Each page at ``viewport`` as the trainee with ``settings``: what scrolls sideways or
    fails axe, one line each."""
    context = browser.new_context(base_url=base_url, viewport=viewport)
    context.set_default_timeout(10_000)
    failures = []
    try:
        page = context.new_page()
        _sign_in(page, people["trainee"].email)
        if settings:
            page.goto("/reading-settings")
            _choose(page, *settings)
        for path in paths:
            response = page.goto(path)
            where = f"{path} at {viewport['width']} px with {settings or 'the usual look'}"
            if response is None or response.status != 200:
                failures.append(f"{where}: answered {response.status if response else None}")
                continue
            if problem := too_wide(page):
                failures.append(f"{where}: scrolls sideways, {problem}")
            if found := serious_axe(page):
                failures.append(f"{where}: axe: {[v['id'] for v in found]}")
    finally:
        context.close()
    return failures


@pytest.mark.parametrize(
    ("viewport", "settings"),
    [
        (ZOOMED, None),
        (PHONE, ("Largest", "More space between lines", "Cream")),
        (ZOOMED, ("Largest", "More space between lines", "Pale blue")),
    ],
    ids=["200% zoom", "320 px, largest text, cream", "200% zoom, largest text, pale blue"],
)
def test_key_trainee_pages_reflow_without_sideways_scroll_and_pass_axe(
    browser, live_server, people, trainee_pages, viewport, settings
):
    """No key trainee page scrolls sideways or has a serious axe finding (contrast included)."""
    failures = _check(browser, live_server.base_url, people, trainee_pages, viewport, settings)
    assert not failures, "\n".join(failures)
