"""The DBS checks list (issue 17, item 9): status filters with their boundary days, level and
kind, sorting, a page at a time, a CSV of every page, and only the coordinator's scheme."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

from lms.accounts.models import Role
from lms.ukdates import uk_today
from lms.vetting.checks_list import CSV_HEADER
from tests.conftest import sign_in
from tests.factories import make_person, make_scheme, record_vetting


def _names(html: str) -> list[str]:
    return re.findall(r'href="/vetting/people/\d+">([^<]+)</a></td>', html)


def _list(client, query: str = "") -> list[str]:
    response = client.get(f"/vetting/{query}")
    assert response.status_code == 200
    return _names(response.get_data(as_text=True))


def _csv(client, query: str = "") -> list[list[str]]:
    response = client.get(f"/vetting/checks.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def _crowd(people, scheme, today: date) -> dict:
    """Checks either side of each boundary: overdue yesterday, due today, due in 30 days,
    current at 31 days; one CRB check (long overdue, as every CRB check now is: none was on
    the Update Service); one person with none; someone in another scheme. Certificates are
    dated within the scheme's 3 years of their recheck, newest Dan, Cat, Ben, Eve."""
    coordinator = people["coordinator"]
    made = {}
    plan = [
        ("Ben Overdue", -1, "enhanced", today - timedelta(days=1000)),
        ("Cat Today", 0, "standard", today - timedelta(days=700)),
        ("Dan Thirty", 30, "enhanced", today - timedelta(days=300)),
        ("Eve Later", 31, "basic", today - timedelta(days=1050)),
    ]
    for name, days, level, on in plan:
        person = make_person(f"{name.split()[0].lower()}@example.org", name, [Role.TRAINEE], scheme)
        made[name] = record_vetting(
            person,
            coordinator,
            level,
            recheck_due=today + timedelta(days=days),
            certificate_date=on,
        )
    fay = make_person("fay@example.org", "Fay Crb", [Role.TRAINER], scheme)
    made["Fay Crb"] = record_vetting(
        fay, coordinator, "standard", date(2014, 5, 1), date(2011, 5, 1), kind="crb"
    )
    make_person("ann@example.org", "Ann None", [Role.TRAINEE], scheme)
    other = make_scheme("north", "North")
    otto = make_person("otto@example.org", "Otto Other", [Role.TRAINEE], other)
    record_vetting(otto, coordinator, recheck_due=today - timedelta(days=5))
    return made


NO_CHECK = ["Ann None", "Trainee", "Trainer"]  # the fixtures' trainee and trainer have none


def test_each_status_lists_exactly_its_people_at_the_boundary_days(client, login, people, scheme):
    """Overdue is before today; due is today to 30 days on; current is 31 days or more."""
    _crowd(people, scheme, uk_today())
    login("coordinator")
    assert _list(client, "?status=none") == NO_CHECK
    assert _list(client, "?status=overdue") == ["Ben Overdue", "Fay Crb"]
    assert _list(client, "?status=due") == ["Cat Today", "Dan Thirty"]
    assert _list(client, "?status=current") == ["Eve Later"]
    page = client.get("/vetting/?due=30").get_data(as_text=True)
    assert _names(page) == ["Ben Overdue", "Cat Today", "Dan Thirty", "Fay Crb"]
    assert "data-filter-on" in page and "due in the next 30 days or overdue" in page
    assert "data-filter-on" not in client.get("/vetting/?status=due").get_data(as_text=True)


def test_level_kind_and_search_narrow_the_list(client, login, people, scheme):
    _crowd(people, scheme, uk_today())
    login("coordinator")
    assert _list(client, "?level=enhanced") == ["Ben Overdue", "Dan Thirty"]
    assert _list(client, "?level=standard&status=overdue") == ["Fay Crb"]
    assert _list(client, "?kind=crb") == ["Fay Crb"]
    assert _list(client, "?kind=dbs&q=ve") == ["Ben Overdue", "Eve Later"]
    assert _list(client, "?q=CAT@") == ["Cat Today"]


def test_sorting_by_recheck_and_certificate_date_puts_people_without_a_check_last(
    client, login, people, scheme
):
    _crowd(people, scheme, uk_today())
    login("coordinator")
    checked = ["Fay Crb", "Ben Overdue", "Cat Today", "Dan Thirty", "Eve Later"]
    assert _list(client, "?sort=recheck") == [*checked, *NO_CHECK]
    newest = ["Dan Thirty", "Cat Today", "Ben Overdue", "Eve Later", "Fay Crb"]
    assert _list(client, "?sort=certificate") == [*newest, *NO_CHECK]
    assert _list(client) == sorted([*checked, *NO_CHECK], key=str.lower)
    page = client.get("/vetting/?sort=recheck&status=due").get_data(as_text=True)
    assert '<option value="recheck" selected>' in page
    link = re.search(r'href="(/vetting/checks.csv[^"]*)"', page).group(1)
    assert "sort=recheck" in link and "status=due" in link


def test_unknown_values_are_ignored_not_errors(client, login, people, scheme):
    _crowd(people, scheme, uk_today())
    login("coordinator")
    everyone = _list(client)
    assert len(everyone) == 8
    assert _list(client, "?status=weird&level=top&kind=x&sort=drop&due=7") == everyone


def test_the_csv_is_every_page_of_the_list_in_its_order(app, client, login, people, scheme):
    """Two to a page on screen; the CSV holds every row, with the exact header and cells."""
    today = uk_today()
    made = _crowd(people, scheme, today)
    app.config["PAGE_SIZE"] = 2
    login("coordinator")
    first = client.get("/vetting/?sort=recheck").get_data(as_text=True)
    assert "8 people." in first and len(_names(first)) == 2
    shown = [name for n in (1, 2, 3, 4) for name in _list(client, f"?sort=recheck&page={n}")]
    rows = _csv(client, "?sort=recheck")
    assert (
        rows[0]
        == CSV_HEADER
        == [
            "Name",
            "Email",
            "Scheme",
            "Level",
            "Kind",
            "Certificate date",
            "Update Service",
            "Last Update Service status check",
            "Recheck due",
            "Status",
        ]
    )
    assert len(shown) == 8 and [r[0] for r in rows[1:]] == shown
    fay = made["Fay Crb"]
    assert rows[1] == [
        "Fay Crb",
        "fay@example.org",
        "Demo Scheme",
        "Standard",
        "CRB",
        "2011-05-01",
        "No",
        "",
        fay.recheck_due.isoformat(),
        "Recheck overdue",
    ]
    assert rows[2][-1] == "Recheck overdue" and rows[3][-1] == "Recheck due within 30 days"
    assert rows[6] == ["Ann None", "ann@example.org", "Demo Scheme", *[""] * 6, "No check recorded"]
    due = ["Ben Overdue", "Cat Today", "Dan Thirty", "Fay Crb"]
    assert [r[0] for r in _csv(client, "?due=30")[1:]] == due


def test_a_coordinator_sees_only_their_scheme_and_an_admin_sees_every_one(
    app, client, login, people, scheme
):
    _crowd(people, scheme, uk_today())
    login("coordinator")
    assert "Otto Other" not in _list(client, "?status=overdue")
    assert "Otto Other" not in [r[0] for r in _csv(client)]
    client = app.test_client()
    sign_in(client, people["admin"].email)
    assert _list(client, "?status=overdue") == ["Ben Overdue", "Fay Crb", "Otto Other"]
    otto = next(r for r in _csv(client, "?q=otto") if r[0] == "Otto Other")
    assert otto[2] == "North" and otto[-1] == "Recheck overdue"
