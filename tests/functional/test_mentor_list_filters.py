"""The scheme's mentors list (issue 17, item 9): search by name, the state filter with counts
for the search, sorting, paging by the database, and a CSV of exactly the mentors it shows."""

from __future__ import annotations

import csv
import io
import re

from lms.accounts.models import Role
from lms.extensions import db
from lms.matching.dashboard.services import STATES
from lms.matching.gate.rules import KINDS
from tests.conftest import sign_in
from tests.factories import make_mentor, make_person, make_scheme

HEADER = [
    "Name",
    "State",
    "Certificate numbers",
    "Certificate valid until",
    "Places taken",
    "What blocks them",
]


def _mentor(scheme, name: str, **kwargs):
    email = re.sub(r"[^a-z]", "", name.lower()) + "@example.org"
    person = make_person(email, name, [Role.TRAINEE], scheme)
    return person, make_mentor(person, **kwargs)


def _ids(client, query: str = "") -> list[int]:
    response = client.get(f"/matching/mentors{query}")
    assert response.status_code == 200, query
    return [int(x) for x in re.findall(r'data-mentor="(\d+)"', response.get_data(as_text=True))]


def _csv(client, query: str = "") -> list[list[str]]:
    response = client.get(f"/matching/mentors.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_search_finds_one_mentor_by_name_and_counts_the_search(client, login, people):
    """A name search (any case) keeps only the mentors it matches, and the state counts are
    the counts of what it found."""
    scheme = people["coordinator"].scheme
    ann, _ = _mentor(scheme, "Ann Able")
    bob, _ = _mentor(scheme, "Bob Baker", supervised_days_ago=80)
    login("coordinator")
    assert _ids(client, "?q=aBLe") == [ann.id]
    assert _ids(client, "?q=baker&state=blocked") == [bob.id]
    assert _ids(client, "?q=baker&state=matchable") == []
    page = client.get("/matching/mentors?q=able").text
    assert "Every mentor (1)</option>" in page and f"{STATES['blocked']} (0)</option>" in page
    assert "No mentors match your search." in client.get("/matching/mentors?q=zz").text


def test_sort_orders(client, login, people):
    """Name A to Z; certificate valid until soonest first; most free places first; newest
    certified first; and blocked mentors nearest to matchable first by default."""
    scheme = people["coordinator"].scheme
    zed, _ = _mentor(scheme, "Zed Zulu", valid_days_left=200, capacity=1, issued_days_ago=30)
    amy, _ = _mentor(scheme, "amy Able", valid_days_left=100, capacity=5, issued_days_ago=300)
    max_, _ = _mentor(scheme, "Max Mid", valid_days_left=300, capacity=3, issued_days_ago=10)
    login("coordinator")
    assert _ids(client) == [amy.id, max_.id, zed.id]
    assert _ids(client, "?sort=name") == [amy.id, max_.id, zed.id]
    assert _ids(client, "?sort=expires") == [amy.id, zed.id, max_.id]
    assert _ids(client, "?sort=free") == [amy.id, max_.id, zed.id]
    assert _ids(client, "?sort=newest") == [max_.id, zed.id, amy.id]
    two, _ = _mentor(scheme, "Al Twoblocks", supervised_days_ago=80, vetting_level=None)
    one, _ = _mentor(scheme, "Zoe Oneblock", supervised_days_ago=80)
    assert _ids(client, "?state=blocked") == [one.id, two.id]
    assert _ids(client, "?state=blocked&sort=name") == [two.id, one.id]


def test_pages_come_from_the_database_and_the_csv_holds_every_page(app, client, login, people):
    """Three mentors at two a page: two pages without overlap; the CSV holds all three in the
    list's order with the exact header, a formula-like name escaped, and what blocks them."""
    app.config["PAGE_SIZE"] = 2
    scheme = people["coordinator"].scheme
    formula, cert = _mentor(scheme, "=cmd|x", supervised_days_ago=80, capacity=3)
    bea, _ = _mentor(scheme, "Bea Brown")
    cy, _ = _mentor(scheme, "Cy Cole", valid_days_left=30)
    login("coordinator")
    first, second = _ids(client, "?sort=name"), _ids(client, "?sort=name&page=2")
    assert first == [formula.id, bea.id] and second == [cy.id]
    page = client.get("/matching/mentors?sort=name").text
    assert "3 mentors." in page and 'href="/matching/mentors.csv?sort=name"' in page
    rows = _csv(client, "?sort=name")
    assert rows[0] == HEADER
    assert [r[0] for r in rows[1:]] == ["'=cmd|x", "Bea Brown", "Cy Cole"]
    assert rows[1][1:] == [
        STATES["blocked"],
        cert.number,
        cert.valid_until.isoformat(),
        "0 of 3",
        KINDS["supervision"],
    ]
    assert rows[3][1] == STATES["expiring"] and rows[2][5] == ""
    assert [r[0] for r in _csv(client, "?state=expiring")[1:]] == ["Cy Cole"]
    assert _csv(client, "?q=nobody") == [HEADER]


def test_coordinators_see_only_their_scheme_and_admins_can_pick_one(app, client, login, people):
    """A coordinator's ``?scheme=`` changes nothing; an admin's picks the scheme listed."""
    ours, _ = _mentor(people["coordinator"].scheme, "Our Olive")
    north = make_scheme("north", "North")
    theirs, _ = _mentor(north, "Their Theo")
    db.session.commit()
    login("coordinator")
    assert _ids(client, f"?scheme={north.id}") == [ours.id]
    assert [r[0] for r in _csv(client, f"?scheme={north.id}")[1:]] == ["Our Olive"]
    admin = app.test_client()
    assert sign_in(admin, people["admin"].email).status_code == 302
    assert _ids(admin, f"?scheme={north.id}") == [theirs.id]
    assert [r[0] for r in _csv(admin, f"?scheme={north.id}")[1:]] == ["Their Theo"]
    page = admin.get(f"/matching/mentors?scheme={north.id}&q=t").text
    assert f'href="/matching/mentors.csv?q=t&amp;scheme={north.id}"' in page


def test_unknown_filter_values_are_ignored_not_errors(client, login, people):
    """An unknown state or sort gives every mentor, by name (200)."""
    ann, _ = _mentor(people["coordinator"].scheme, "Ann Able")
    login("coordinator")
    assert _ids(client, "?state=bogus&sort=sideways") == [ann.id]
    assert len(_csv(client, "?state=bogus&sort=sideways")) == 2
