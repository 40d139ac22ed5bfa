"""Light pages: every GET page of the authorisation matrix, as each role allowed to see it,
transfers under 100 KB on a first visit (HTML, CSS, JS, fonts, images) and loads nothing from
another host. Downloads that are not pages (CSV, PDF, QR images, JSON) are left out.
"""

from __future__ import annotations

import gzip
import secrets

import pytest

from tests.access import ANON, API_KEY, EVERYONE
from tests.conftest import sign_in
from tests.functional.test_authorisation_matrix import FEATURES, MATRIX, OWNER, core_objects
from tests.page_weight import (
    ACCEPT_ENCODING,
    LIMIT_BYTES,
    css_references,
    html_references,
    js_references,
    transferred,
    weigh,
)

# Routes that are files or data, not pages: their weight is the file itself.
NOT_PAGES = {
    "static",
    "core.healthz",
    "credentials.did_document",  # JSON documents for verifiers
    "credentials.status_list",
    "credentials.download",
    "credentials.wallet_link",
}
GROUPS = ["core", *(feature.__name__.rsplit(".", 1)[-1] for feature in FEATURES)]


def _rows(group: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(endpoint, path, roles allowed) of the group's GET pages."""
    rows = []
    for endpoint, method, path, allowed in MATRIX:
        owner = OWNER.get((endpoint, method, path))
        name = "core" if owner is None else owner.__name__.rsplit(".", 1)[-1]
        if method == "GET" and name == group and allowed != API_KEY and endpoint not in NOT_PAGES:
            rows.append((endpoint, path, allowed))
    return rows


@pytest.mark.parametrize("group", GROUPS)
def test_every_page_is_light_and_loads_nothing_from_elsewhere(app, people, group):
    """Each page as each allowed role: under the limit, every resource found, none foreign."""
    rows = _rows(group)
    if group == "core":
        objects = core_objects(people, " ".join(path for _, path, _ in rows))
    else:
        objects = next(f for f in FEATURES if f.__name__.endswith(f".{group}")).objects(people)
    base_url = app.config["BASE_URL"]
    weighed, problems = 0, []
    for who in EVERYONE:
        mine = [
            (endpoint, path.format(**objects)) for endpoint, path, roles in rows if who in roles
        ]
        if not mine:
            continue
        client = app.test_client()
        if who != ANON:
            assert sign_in(client, people[who].email).status_code == 302
        for endpoint, url in mine:
            response = client.get(
                url, headers={"Accept-Encoding": ACCEPT_ENCODING}, follow_redirects=True
            )
            assert response.status_code < 500, f"{who} at {url}: {response.status_code}"
            if response.mimetype != "text/html":
                continue  # a download (CSV, PDF, QR code, JSON), not a page
            landed = response.request.path  # after any redirects, whose answers count too
            weight = weigh(client, landed, base_url, page_response=response)
            for hop in response.history:
                weight.sizes[f"{hop.request.path} (redirect)"] = transferred(hop)
            weighed += 1
            label = f"{url} as {who} ({endpoint})"
            if weight.total > LIMIT_BYTES:
                problems.append(
                    f"{label}: {weight.total / 1024:.1f} KB, biggest: {weight.biggest()}"
                )
            if weight.foreign:
                problems.append(f"{label} loads from another host: {weight.foreign}")
            if weight.missing:
                problems.append(f"{label} references files the app lacks: {weight.missing}")
    assert weighed or not rows, f"no page of {group} was weighed"
    assert not problems, "\n".join(problems)


def test_references_are_found_in_html_css_and_modules():
    """The collector sees what a browser would load, so a heavy or foreign file cannot hide."""
    html = """<link rel="stylesheet" href="/a.css"><link rel="icon" href="/i.png">
    <link rel="alternate" href="/feed"><a href="https://elsewhere.example/">a link</a>
    <script type="module" src="/m.mjs"></script><script src="//cdn.example/x.js"></script>
    <img src="/p.png" srcset="/p2.png 2x, /p3.png 3x"><div style="background:url('/b.png')"></div>
    <style>@import "/c.css";</style>"""
    assert html_references(html) == [
        ("/a.css", "css"),
        ("/i.png", "other"),
        ("/m.mjs", "module"),
        ("//cdn.example/x.js", "js"),
        ("/p.png", "other"),
        ("/p2.png", "other"),
        ("/p3.png", "other"),
        ("/b.png", "other"),
        ("/c.css", "other"),
    ]
    assert html_references("<p>No icon named</p>") == [("/favicon.ico", "favicon")]
    assert html_references('<link rel="icon" href="data:,">') == []
    css = """@import url("x.css");@import 'y.css';a{background:url(data:image/png;base64,AA)}
    @font-face{src:url( "https://fonts.example/f.woff2" ) format("woff2")}"""
    assert css_references(css) == ["x.css", "https://fonts.example/f.woff2", "y.css"]
    js = """import { initAll } from './govuk-frontend.min.js'
    import "./side.js";export * from "./more.mjs";const m = await import('./lazy.mjs')"""
    assert js_references(js) == ["./govuk-frontend.min.js", "./side.js", "./more.mjs", "./lazy.mjs"]


def test_a_foreign_resource_and_a_heavy_page_are_reported(app, client):
    """A page with a third-party script, and one heavier than the limit, are caught."""

    @app.get("/weight-probe/<kind>")
    def probe(kind):
        if kind == "foreign":
            return '<script src="https://cdn.example/lib.js"></script><p>hi</p>'
        return f"<p>{secrets.token_urlsafe(2 * LIMIT_BYTES)}</p>"  # compresses to over the limit

    foreign = weigh(client, "/weight-probe/foreign", app.config["BASE_URL"])
    assert foreign.foreign == ["https://cdn.example/lib.js"]
    heavy = weigh(client, "/weight-probe/heavy", app.config["BASE_URL"])
    assert heavy.total > LIMIT_BYTES
    assert heavy.biggest().startswith("/weight-probe/heavy ")


def test_full_list_pages_stay_light(app, people):
    """Lists a page at a time: a full page of 25 long-named people is still under the limit."""
    from lms.accounts.models import Role
    from tests.factories import make_person

    for number in range(30):
        name = f"Alexandra Josephine Montgomery-Fitzwilliam {number:02d}"
        make_person(f"person{number:02d}@example.org", name, [Role.TRAINEE], people["admin"].scheme)
    client = app.test_client()
    assert sign_in(client, people["admin"].email).status_code == 302
    for url in ("/admin/people", "/training-reports/progress"):
        response = client.get(url, headers={"Accept-Encoding": ACCEPT_ENCODING})
        assert response.status_code == 200
        shown = gzip.decompress(response.get_data()).decode().count("Montgomery-Fitzwilliam")
        # A full page is 25 rows; the fixture's four accounts may take some of them.
        assert shown >= 21, f"{url} shows {shown} of the 30 people: not a full page"
        weight = weigh(client, url, app.config["BASE_URL"], page_response=response)
        assert weight.total < LIMIT_BYTES, (
            f"{url}: {weight.total / 1024:.1f} KB, {weight.biggest()}"
        )
