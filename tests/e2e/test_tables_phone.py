"""In a real browser: tables become labelled cards on a phone, and the trainee progress grid
shows every module's status at 1280 px however many modules there are."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.screen import too_wide
from tests.e2e.test_quiz_keyboard_and_phone import sign_in as _sign_in
from tests.factories import make_module, make_practice_entry

PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
MODULES = 11
LABEL = "element => getComputedStyle(element, '::before').content"


def _modules() -> list[str]:
    """Eleven modules, positions 1 to 11; their titles in order."""
    made = [make_module(f"module-{n}", position=n, questions=5) for n in range(1, MODULES + 1)]
    return [m.current_version.title for m in made]


def test_practice_log_status_and_correct_it_fit_a_phone(page: Page, people):
    """At 320 px the Status of a returned session and its "Correct it" link are on screen."""
    make_practice_entry(people["trainee"], people["trainer"], status="rejected")
    page.set_viewport_size(PHONE)
    _sign_in(page, people["trainee"].email)
    page.goto("/practice/")
    assert too_wide(page) is None
    status = page.locator("td[data-label='Status']")
    assert status.evaluate(LABEL) == '"Status"'
    link = page.get_by_role("link", name="Correct it")
    expect(link).to_be_visible()
    box = link.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]


def test_progress_grid_reaches_every_module_by_keyboard_at_1280(page: Page, people):
    """With 11 modules the grid scrolls in its own region: arrow keys bring module 11 into view
    beside the trainee's name, and the page itself never scrolls sideways."""
    _modules()
    page.set_viewport_size(DESKTOP)
    _sign_in(page, people["trainer"].email)
    page.goto("/training-reports/progress")
    assert too_wide(page) is None
    region = page.get_by_role("region", name="Trainee progress in every module")
    expect(region).to_be_visible()
    assert region.evaluate("r => r.scrollWidth > r.clientWidth"), "11 modules should overflow"
    region.focus()
    for _ in range(100):
        if region.evaluate("r => r.scrollLeft + r.clientWidth >= r.scrollWidth - 1"):
            break
        page.keyboard.press("ArrowRight")
    else:
        raise AssertionError("the arrow keys never scrolled the grid to its last column")
    area = region.bounding_box()
    name = region.get_by_role("rowheader").filter(has_text=people["trainee"].name)
    last = name.locator("xpath=..").locator("td").last
    name_box, last_box = name.bounding_box(), last.bounding_box()
    assert name_box["x"] >= area["x"] - 1  # the name column stayed in view (sticky)
    assert last_box["x"] >= name_box["x"] + name_box["width"] - 1  # not hidden under it
    assert last_box["x"] + last_box["width"] <= area["x"] + area["width"] + 1
    expect(last).to_contain_text("Not started")


def test_progress_grid_is_one_card_per_trainee_on_a_phone(page: Page, people):
    """At 320 px each module's status is labelled with the module's number and title."""
    titles = _modules()
    page.set_viewport_size(PHONE)
    _sign_in(page, people["trainer"].email)
    page.goto("/training-reports/progress")
    assert too_wide(page) is None
    name = page.get_by_role("rowheader").filter(has_text=people["trainee"].name)
    last = name.locator("xpath=..").locator("td").last
    assert last.evaluate(LABEL) == f'"{MODULES}. {titles[-1]}"'
    box = last.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
