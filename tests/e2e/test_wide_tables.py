"""In a real browser between phone and desktop widths: a table that scrolls sideways in its box
is a named region the keyboard can scroll (and stops being one when it fits), and tables stacked
into cards on a phone keep their table roles for screen readers."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.screen import serious_axe, too_wide, wait_for_scripts
from tests.e2e.test_quiz_keyboard_and_phone import sign_in as _sign_in
from tests.factories import make_practice_entry

TABLET = {"width": 800, "height": 700}
WIDEN = """wrap => {
  const wide = document.createElement('span')
  wide.id = 'too-wide'
  wide.textContent = 'wide'
  wide.style.display = 'inline-block'
  wide.style.width = '3000px'
  wrap.querySelector('td').append(wide)
}"""


def test_a_table_too_wide_for_its_box_becomes_a_region_the_keyboard_scrolls(page: Page, people):
    page.set_viewport_size(TABLET)
    _sign_in(page, people["admin"].email)
    page.goto("/admin/people")
    wait_for_scripts(page)  # tables.mjs has looked at the table, so what follows tests it
    wrap = page.locator(".app-table-wrap").first
    expect(wrap).not_to_have_attribute("tabindex", "0")  # it fits: not a tab stop
    wrap.evaluate(WIDEN)
    region = page.get_by_role("region", name="People (scrolls sideways)")
    expect(region).to_have_attribute("tabindex", "0")
    assert too_wide(page) is None  # the table scrolls in its box, never the page
    region.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    # Keyboard scrolling may be animated: wait for it rather than read it at once.
    page.wait_for_function(
        "() => document.querySelector('[data-app-scroll-region]').scrollLeft > 0"
    )
    assert not [v for v in serious_axe(page) if v["id"] == "scrollable-region-focusable"]
    page.locator("#too-wide").evaluate("wide => wide.remove()")
    expect(wrap).not_to_have_attribute("role", "region")
    expect(wrap).not_to_have_attribute("tabindex", "0")


def test_a_region_written_into_the_page_is_left_as_it_is(page: Page, people):
    page.set_viewport_size(TABLET)
    _sign_in(page, people["trainer"].email)
    page.goto("/training-reports/progress")
    wait_for_scripts(page)  # so "left as it is" is checked after tables.mjs has run
    region = page.get_by_role("region", name="Trainee progress in every module")
    expect(region).to_have_attribute("tabindex", "0")
    expect(region).not_to_have_attribute("data-app-scroll-region", "true")


def test_a_table_stacked_on_a_phone_keeps_its_rows_and_cells(page: Page, people):
    make_practice_entry(people["trainee"], people["trainer"], status="rejected")
    page.set_viewport_size({"width": 320, "height": 640})
    _sign_in(page, people["trainee"].email)
    page.goto("/practice/")
    table = page.get_by_role("table", name="Your sessions, newest first")
    expect(table).to_be_visible()
    assert table.evaluate("t => getComputedStyle(t).display") == "block"  # stacked as cards
    expect(table.get_by_role("columnheader", name="Status")).to_have_count(1)
    row = table.locator("tbody").get_by_role("row").first
    expect(row.get_by_role("cell").first).to_be_visible()
    assert row.get_by_role("cell").count() >= 4


@pytest.mark.parametrize("width", [700, 900])
def test_table_pages_between_phone_and_desktop_pass_axe(page: Page, people, width):
    """Every scrolling table is focusable and named at widths the stacked cards no longer cover."""
    page.set_viewport_size({"width": width, "height": 800})
    _sign_in(page, people["admin"].email)
    for path in ("/admin/people", "/admin/schemes", "/audit/", "/invitations/"):
        page.goto(path)
        assert too_wide(page) is None, (path, width)
        wait_for_scripts(page)  # tables.mjs marks a scrolling table once its observer reports
        unnamed = page.locator(".app-table-wrap").evaluate_all(
            """wraps => wraps.filter(w => w.scrollWidth > w.clientWidth + 1)
                 .filter(w => w.getAttribute('tabindex') !== '0' || !w.getAttribute('aria-label')
                              && !w.getAttribute('aria-labelledby'))
                 .length"""
        )
        assert unnamed == 0, (path, width)
        found = serious_axe(page)
        assert not found, (path, width, [v["id"] for v in found])
