"""Security headers on every page of the authorisation matrix, and no inline script anywhere."""

from __future__ import annotations

import pytest

from tests.access import API_KEY
from tests.security.support import (
    api_key_for,
    assert_no_failures,
    build_objects,
    client_as,
    request_roles,
    rows_by_feature,
    scan_html,
)

GET_ROWS = rows_by_feature("GET")


def header_problems(headers) -> list[str]:
    """What is missing or weak in one response's security headers."""
    problems = []
    csp = headers.get("Content-Security-Policy", "")
    directives = {
        part.strip().split(" ", 1)[0]: part.strip() for part in csp.split(";") if part.strip()
    }
    if directives.get("script-src") != "script-src 'self'":
        problems.append(f"script-src is {directives.get('script-src')!r}")
    if directives.get("frame-ancestors") != "frame-ancestors 'none'":
        problems.append(f"frame-ancestors is {directives.get('frame-ancestors')!r}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append("CSP allows unsafe-inline or unsafe-eval")
    if headers.get("Referrer-Policy") not in {"same-origin", "no-referrer", "strict-origin"}:
        problems.append(f"Referrer-Policy is {headers.get('Referrer-Policy')!r}")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("X-Content-Type-Options is not nosniff")
    return problems


@pytest.mark.parametrize("feature", sorted(GET_ROWS))
def test_every_page_carries_the_security_headers(app, people, feature):
    """Each GET route, as each role allowed to use it, has a strict CSP and no inline script."""
    rows = GET_ROWS[feature]
    objects = build_objects(people, rows)
    clients: dict[str, object] = {}
    failures: list[str] = []
    checked = 0
    for _endpoint, _method, path, allowed in rows:
        url = path.format(**objects)
        for role in request_roles(allowed):
            headers = {}
            if role == API_KEY[0]:
                headers["Authorization"] = f"Bearer {api_key_for(people['coordinator'])}"
                client = clients.setdefault("anonymous", client_as(app, people, "anonymous"))
            else:
                client = clients.setdefault(role, client_as(app, people, role))
            response = client.get(url, headers=headers)
            where = f"GET {url} as {role} ({response.status_code})"
            if response.status_code >= 500:
                failures.append(f"{where}: server error")
            failures += [f"{where}: {p}" for p in header_problems(response.headers)]
            if response.mimetype == "text/html":
                scan = scan_html(response.get_data(as_text=True))
                failures += [f"{where}: {p}" for p in scan.problems]
            response.close()
            checked += 1
    assert checked
    assert_no_failures(failures)


@pytest.mark.parametrize("path", ["/no-such-page", "/api/v1/no-such-thing", "/static/nothing.js"])
def test_error_answers_carry_the_security_headers(client, path):
    """404 pages and JSON errors are protected too, not just the pages that work."""
    response = client.get(path)
    assert response.status_code == 404
    assert header_problems(response.headers) == []
