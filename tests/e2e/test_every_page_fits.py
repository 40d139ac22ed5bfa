"""In a real browser at 320 px: every GET page of the authorisation matrix, opened as each role
allowed it, fits the screen (no sideways scroll of the page) and axe finds nothing serious.

The pages and the objects their ids name come from the matrix itself (tests/access/*.py and
tests/functional/test_authorisation_matrix.py), one test per feature, because each feature's
objects are made in a fresh database as the matrix test makes them. Each role signs in once per
test in its own browser context. Width is checked for every allowed role (the navigation and
often the page differ by role); axe, which is what costs time, runs once per page, and on one
page as each role so every role's navigation is checked. Every failure is collected and
reported at the end, naming the page and the role.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Error, Page

from tests.access import ANON, API_KEY
from tests.e2e.screen import serious_axe, too_wide
from tests.factories import PASSWORD
from tests.functional.test_authorisation_matrix import FEATURES, MATRIX, OWNER, core_objects

PHONE = {"width": 320, "height": 640}
NOT_PAGES = {"core.healthz", "static", "credentials.status_list"}  # answers, not pages
DOWNLOADS = (".csv", ".pdf", ".json")  # files the browser saves or shows raw, not HTML pages
CORE = "core"
HTML = "text/html"
# Roles whose chrome (navigation) axe has checked already in this run: once each is enough.
AXED_ROLES: set[str] = set()


def _pages(owner) -> list[tuple[str, tuple[str, ...]]]:
    """(path template, roles allowed) of every HTML page the matrix gives to ``owner``."""
    return [
        (path, allowed)
        for endpoint, method, path, allowed in MATRIX
        if method == "GET"
        and OWNER.get((endpoint, method, path)) is owner
        and allowed != API_KEY
        and endpoint not in NOT_PAGES
        and not path.endswith(DOWNLOADS)
    ]


# Features that serve only JSON for machines (the DID document, status lists, credentials).
NO_PAGES = {"credentials"}
GROUPS = {CORE: None} | {
    name: feature
    for feature in FEATURES
    if (name := feature.__name__.rsplit(".", 1)[-1]) not in NO_PAGES
}


def _objects(owner, people) -> dict[str, object]:
    """Ids for every placeholder of the group's paths, made as the matrix test makes them."""
    if owner is not None:
        return owner.objects(people)
    return core_objects(people, "{invited}{module}")  # every core placeholder at once


def _signed_in(browser: Browser, base_url: str, role: str, people) -> Page:
    """A page at 320x640 in a new context, signed in as ``role`` (anonymous: not signed in)."""
    context = browser.new_context(base_url=base_url, viewport=PHONE)
    context.set_default_timeout(10_000)
    page = context.new_page()
    if role != ANON:
        page.goto("/sign-in")
        page.get_by_label("Email address").fill(people[role].email)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(lambda url: "/sign-in" not in url)
    return page


def _axe_summary(found: list[dict]) -> str:
    """Each serious finding as its rule and the first element it names."""
    parts = []
    for violation in found:
        nodes = violation.get("nodes") or [{}]
        target = " ".join(str(t) for t in nodes[0].get("target", []))
        parts.append(f"{violation['id']} ({len(nodes)}x, e.g. {target})")
    return "; ".join(parts)


def check_pages(browser: Browser, base_url: str, people, pages, objects) -> list[str]:
    """Open each page as each allowed role; a line per failure naming the page and the role."""
    failures: list[str] = []
    tabs: dict[str, Page] = {}
    try:
        for template, allowed in pages:
            url = template.format(**objects)
            axed = False
            for role in allowed:
                if role not in tabs:
                    tabs[role] = _signed_in(browser, base_url, role, people)
                page = tabs[role]
                where = f"{url} as {role}"
                try:
                    response = page.goto(url)
                except Error as error:  # a download, a crash: say so and go on to the next
                    failures.append(f"{where}: did not open: {error.message.splitlines()[0]}")
                    continue
                if response is None or response.status >= 500:
                    failures.append(f"{where}: answered {response.status if response else None}")
                    continue
                if not (response.headers.get("content-type") or "").startswith(HTML):
                    continue  # JSON or a file: nothing to lay out
                problem = too_wide(page)
                if problem:
                    failures.append(f"{where}: scrolls sideways, {problem}")
                if not axed or role not in AXED_ROLES:
                    axed = True
                    AXED_ROLES.add(role)
                    found = serious_axe(page)
                    if found:
                        failures.append(f"{where}: axe: {_axe_summary(found)}")
    finally:
        for page in tabs.values():
            page.context.close()
    return failures


@pytest.mark.parametrize("group", list(GROUPS))
def test_every_page_fits_a_phone_and_passes_axe(browser, live_server, people, group):
    """No page of the matrix scrolls sideways at 320 px or has a serious axe finding."""
    owner = GROUPS[group]
    pages = _pages(owner)
    assert pages, f"no pages found for {group}"
    objects = _objects(owner, people)
    failures = check_pages(browser, live_server.base_url, people, pages, objects)
    assert not failures, f"{len(failures)} problems:\n" + "\n".join(failures)
