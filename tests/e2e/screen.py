"""Browser-test helpers for the screen a page is on: its width against the phone's, and axe.

Each waits for the page to finish loading first, so a check right after a click measures the
new page, never a document half torn down by the navigation.
"""

from __future__ import annotations

from playwright.sync_api import Error, Page

SERIOUS = {"serious", "critical"}
WIDTHS = "[document.documentElement.scrollWidth, window.innerWidth]"


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

    page.wait_for_load_state("load")
    return [v for v in Axe().run(page).response["violations"] if v.get("impact") in SERIOUS]


def assert_fits_and_passes_axe(page: Page) -> None:
    """The page does not scroll sideways and axe finds nothing serious."""
    problem = too_wide(page)
    assert problem is None, (page.url, problem)
    found = serious_axe(page)
    assert not found, (page.url, found)
