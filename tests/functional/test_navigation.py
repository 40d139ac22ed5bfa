"""Every page a role may open is reachable by following links from that role's home page."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.access import ADMIN, COORD, TRAINEE, TRAINER
from tests.functional.test_authorisation_matrix import MATRIX

HOMES = {TRAINEE: "/trainee", TRAINER: "/trainer", COORD: "/coordinator", ADMIN: "/admin"}
# Pages that are reached from a list or a record rather than from navigation, by design.
# Links sent by email (invitations, resets) are reached from the email.
# Machine documents (DID document, status lists) are fetched by verifiers, not linked.
NEEDS_A_RECORD = re.compile(r"\{|/new$|\.csv$|\.pdf$|\.json$|/print$|not-a-token|/credentials/")


def _crawl(client, start: str, limit: int = 80) -> set[str]:
    seen, queue = set(), [start]
    while queue and len(seen) < limit:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path)
        if response.status_code != 200 or response.mimetype != "text/html":
            continue
        for href in re.findall(r'href="([^"#]+)"', response.get_data(as_text=True)):
            parts = urlsplit(href)
            if (
                not parts.netloc
                and parts.path.startswith("/")
                and not parts.path.startswith("/static/")
            ):
                queue.append(parts.path)
    return seen


@pytest.mark.parametrize("role", [TRAINEE, TRAINER, COORD, ADMIN])
def test_every_page_of_a_role_is_linked(client, login, role):
    """GET pages a role may use, without an id in the path, are linked from its pages."""
    login(role)
    reached = _crawl(client, HOMES[role])
    wanted = {
        path
        for endpoint, method, path, allowed in MATRIX
        if method == "GET"
        and role in allowed
        and not NEEDS_A_RECORD.search(path)
        and not path.startswith(("/api/", "/healthz", "/static/", "/sign-in", "/password"))
        and path not in ("/", "/training/")
    }
    assert not wanted - reached, f"{role} cannot reach: {sorted(wanted - reached)}"
