"""The admin's people list at national size (issue 17, item 9): search, the filters, sorting,
a page at a time, and a CSV of exactly the people the list shows, in its order."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import time_machine

from lms.accounts.models import Role
from lms.extensions import db
from lms.ukdates import UK
from tests.factories import make_mentor, make_person, make_scheme


def _names(html: str) -> list[str]:
    return re.findall(r'href="/admin/people/\d+">([^<]+)</a></td>', html)


def _csv(client, query: str = "") -> list[list[str]]:
    response = client.get(f"/admin/people.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def _crowd(people):
    scheme = people["trainee"].scheme
    north = make_scheme("north", "North")
    start = datetime.now(UTC) + timedelta(days=1)  # after the fixtures' people
    made = {}
    for i, (name, where) in enumerate(
        [("Zed Zulu", scheme), ("Amy Able", north), ("Bo Brown", scheme)]
    ):
        with time_machine.travel(start + timedelta(days=i)):
            made[name] = make_person(
                f"{name.split()[0].lower()}@example.org", name, [Role.TRAINEE], where
            )
    make_mentor(made["Bo Brown"])
    db.session.commit()
    return made


def test_sorting_changes_the_order_and_keeps_the_filters(client, login, people):
    _crowd(people)
    login("admin")
    by_name = _names(client.get("/admin/people?q=example.org").get_data(as_text=True))
    assert by_name == sorted(by_name, key=str.lower)
    newest = _names(client.get("/admin/people?q=example.org&sort=newest").get_data(as_text=True))
    assert newest[:3] == ["Bo Brown", "Amy Able", "Zed Zulu"]
    page = client.get("/admin/people?q=a&sort=oldest").get_data(as_text=True)
    assert '<option value="oldest" selected>' in page
    assert "sort=oldest" in re.search(r'href="(/admin/people.csv[^"]*)"', page).group(1)


def test_unknown_sort_or_filter_values_are_ignored_not_errors(client, login, people):
    login("admin")
    assert client.get("/admin/people?scheme=x1").status_code == 400  # not a number: says so
    page = client.get("/admin/people?sort=drop&status=weird&role=king")
    assert page.status_code == 200
    assert len(_names(page.get_data(as_text=True))) == 4  # every fixture person, by name


def test_the_csv_is_the_list_with_mentors_named_as_such(client, login, people):
    made = _crowd(people)
    login("admin")
    rows = _csv(client, "?q=example.org&sort=newest")
    assert rows[0] == ["Name", "Email", "Username", "Roles", "Scheme", "Status", "Joined (UK time)"]
    names = [r[0] for r in rows[1:]]
    assert names == _names(
        client.get("/admin/people?q=example.org&sort=newest").get_data(as_text=True)
    )
    bo = next(r for r in rows if r[0] == "Bo Brown")
    assert (
        bo[3] == "Mentor (certified)"
        and bo[4] == made["Bo Brown"].scheme.name
        and bo[5] == "Active"
    )
    # When they joined, in UK local time with its offset (not UTC).
    joined = made["Bo Brown"].created_at.astimezone(UK).isoformat(timespec="seconds")
    assert bo[6] == joined and bo[6][-6:] in ("+00:00", "+01:00")
    north = _csv(client, f"?scheme={made['Amy Able'].scheme_id}")
    assert [r[0] for r in north[1:]] == ["Amy Able"]


def test_an_empty_search_has_no_csv_link_and_an_empty_csv_has_its_header(client, login, people):
    login("admin")
    page = client.get("/admin/people?q=nobody-at-all").get_data(as_text=True)
    assert "Nobody matches your search" in page and "people.csv" not in page
    assert _csv(client, "?q=nobody-at-all") == [
        ["Name", "Email", "Username", "Roles", "Scheme", "Status", "Joined (UK time)"]
    ]


def test_the_list_counts_what_it_found_and_pages_through_it(app, client, login, people):
    app.config["PAGE_SIZE"] = 2
    _crowd(people)
    login("admin")
    first = client.get("/admin/people?q=example.org").get_data(as_text=True)
    total = len(_csv(client, "?q=example.org")) - 1
    assert f"{total} people." in first and len(_names(first)) == 2
    second = client.get("/admin/people?q=example.org&page=2").get_data(as_text=True)
    assert not set(_names(first)) & set(_names(second))
