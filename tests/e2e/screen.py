"""Browser-test helpers for the screen a page is on: its scripts, its width against the phone's,
and axe.

Each waits for the page to finish loading first, so a check right after a click measures the
new page, never a document half torn down by the navigation. ``wait_for_scripts`` waits for the
page's own scripts too: call it after a navigation (once something on the new page has been
seen) before relying on what they do, since a click or a key press does not wait for them.
"""

from __future__ import annotations

from playwright.sync_api import Error, Page

SERIOUS = {"serious", "critical"}
WIDTHS = "[document.documentElement.scrollWidth, window.innerWidth]"
# Two frames: ResizeObserver reports (tables.mjs marking a scrolling table) in the first frame
# after the scripts ran, after that frame's animation callbacks; the second one comes after.
TWO_FRAMES = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"


def wait_for_scripts(page: Page) -> None:
    """Wait until the page has loaded and its scripts have run and had a frame drawn.

    lms/static/js/init.mjs marks <html data-scripts="ready"> once every module it imports has
    run: govuk-frontend's components are set up and the quiz, draft, reading-settings and
    read-aloud scripts listen. Call this once the new page is showing (its heading seen), so
    the mark is the new page's, not the one left behind. A page without init.mjs (one not
    built on base.html) is only waited for until it has loaded. For pages with JavaScript on:
    with it off the mark never comes.
    """
    page.wait_for_load_state("load")
    if page.locator("script[src$='/js/init.mjs']").count():
        page.locator("html[data-scripts='ready']").wait_for(state="attached")
        page.evaluate(TWO_FRAMES)


def widths(page: Page) -> tuple[int, int]:
    """(how wide the page is, how wide the screen is), in CSS pixels, once the page has loaded."""
    page.wait_for_load_state("load")
    try:
        scroll, inner = page.evaluate(WIDTHS)
    except Error:  # a navigation began between the wait and the reading: read the new page
        page.wait_for_load_state("load")
        scroll, inner = page.evaluate(WIDTHS)
    return int(scroll), int(inner)


def too_wide(page: Page) -> str | None:
    """What is wrong if the page scrolls sideways, or None when it fits."""
    scroll, inner = widths(page)
    return f"{scroll}px wide on a {inner}px screen" if scroll > inner else None


def serious_axe(page: Page) -> list[dict]:
    """Axe's serious and critical findings for the loaded page."""
    from axe_playwright_python.sync_playwright import Axe

    wait_for_scripts(page)  # scrolling tables made focusable first, as a person finds them
    return [v for v in Axe().run(page).response["violations"] if v.get("impact") in SERIOUS]


def assert_fits_and_passes_axe(page: Page) -> None:
    """The page does not scroll sideways and axe finds nothing serious."""
    problem = too_wide(page)
    assert problem is None, (page.url, problem)
    found = serious_axe(page)
    assert not found, (page.url, found)
