"""Practice in your scheme (issue 17, item 9): search by trainee, status, type, session dates,
waiting longer than a week, four sort orders, a CSV of every page in the list's order, and only
the viewer's scheme (admins: every scheme)."""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

from lms.accounts.models import Role
from lms.db import utcnow
from lms.extensions import db
from lms.ukdates import uk_today
from tests.conftest import sign_in
from tests.factories import make_person, make_practice_entry, make_scheme, sign_off_entry

HEADER = [
    "Trainee",
    "Email",
    "Scheme",
    "Date",
    "Type",
    "Minutes",
    "Duration",
    "Where",
    "Supervisor",
    "Status",
    "Decided by",
    "Decided at (UK time)",
    "Reason",
    "Observation outcome",
    "Reflection",
    "With",
]


def _shown(client, query: str = "") -> list[int]:
    response = client.get(f"/practice/scheme{query}")
    assert response.status_code == 200
    return [int(i) for i in re.findall(r'href="/practice/review/(\d+)"', response.get_data(True))]


def _csv(client, query: str = "") -> list[list[str]]:
    response = client.get(f"/practice/scheme.csv{query}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def _entries(people) -> dict[str, object]:
    """Four entries in the demo scheme (two trainees), one in another scheme."""
    trainee, trainer = people["trainee"], people["trainer"]
    amy = make_person("amy@example.org", "Amy Able", [Role.TRAINEE], trainee.scheme)
    made = {
        "gate": make_practice_entry(trainee, trainer, minutes=120, days_ago=3, location="Gate"),
        "cafe": make_practice_entry(
            trainee, trainer, kind="observed", minutes=60, days_ago=10, location="Cafe"
        ),
        "library": make_practice_entry(
            amy, trainer, kind="co_worked", minutes=180, days_ago=20, location="Library"
        ),
        "hall": make_practice_entry(
            amy,
            trainer,
            kind="group_supervision",
            minutes=30,
            days_ago=5,
            location="Hall",
            status="rejected",
        ),
    }
    sign_off_entry(made["cafe"], trainer)
    other = make_scheme("north", "North")
    otto = make_person("otto@example.org", "Otto Other", [Role.TRAINEE], other)
    orla = make_person("orla@example.org", "Orla Other", [Role.TRAINER], other)
    made["far"] = make_practice_entry(otto, orla, location="Far away")
    return made


def _ids(made, *names: str) -> list[int]:
    return [made[name].id for name in names]


def test_search_status_type_and_dates_narrow_the_list(client, login, people):
    made = _entries(people)
    login("coordinator")
    assert _shown(client) == _ids(made, "gate", "hall", "cafe", "library")
    assert _shown(client, "?q=AMY") == _ids(made, "hall", "library")
    assert _shown(client, "?q=trainee@example") == _ids(made, "gate", "cafe")
    assert _shown(client, "?status=pending") == _ids(made, "gate", "library")
    assert _shown(client, "?status=confirmed&kind=observed") == _ids(made, "cafe")
    assert _shown(client, "?kind=co_worked") == _ids(made, "library")
    today = uk_today()
    since, until = today - timedelta(days=10), today - timedelta(days=5)
    query = f"?from={since.isoformat()}&to={until.isoformat()}"
    assert _shown(client, query) == _ids(made, "hall", "cafe")  # both ends included
    assert _shown(client, f"?from={until.isoformat()}") == _ids(made, "gate", "hall")
    assert _shown(client, f"?trainee={people['trainee'].id}&kind=shadowing") == _ids(made, "gate")


def test_waiting_longer_than_a_week_counts_from_when_it_was_logged(client, login, people):
    """Only pending entries logged at least 7 days ago; a minute short of 7 days is not."""
    made = _entries(people)
    made["gate"].created_at = utcnow() - timedelta(days=7, minutes=1)
    made["library"].created_at = utcnow() - timedelta(days=7) + timedelta(minutes=1)
    made["hall"].created_at = utcnow() - timedelta(days=30)  # decided: not waiting
    db.session.commit()
    login("coordinator")
    assert _shown(client, "?waiting=7") == _ids(made, "gate")
    assert _shown(client, "?waiting=14") == []


def test_each_sort_order(client, login, people):
    made = _entries(people)
    login("coordinator")
    assert _shown(client, "?sort=oldest") == _ids(made, "library", "cafe", "hall", "gate")
    assert _shown(client, "?sort=trainee") == _ids(made, "hall", "library", "gate", "cafe")
    assert _shown(client, "?sort=longest") == _ids(made, "library", "gate", "cafe", "hall")
    page = client.get("/practice/scheme?sort=longest&kind=shadowing").get_data(as_text=True)
    assert '<option value="longest" selected>' in page
    link = re.search(r'href="(/practice/scheme.csv[^"]*)"', page).group(1)
    assert "sort=longest" in link and "kind=shadowing" in link


def test_unknown_values_are_ignored_not_errors(client, login, people):
    made = _entries(people)
    login("coordinator")
    query = "?kind=x&sort=drop&waiting=3&status=nope&from=yesterday&to=2026-13-01"
    assert _shown(client, query) == _ids(made, "gate", "hall", "cafe", "library")
    assert client.get("/practice/scheme?trainee=abc").status_code == 400  # says what is wrong


def test_the_csv_is_every_page_in_the_lists_order_with_every_filter(app, client, login, people):
    made = _entries(people)
    app.config["PAGE_SIZE"] = 2
    login("coordinator")
    first = client.get("/practice/scheme?sort=longest").get_data(as_text=True)
    assert "4 entries." in first
    pages = [i for n in (1, 2) for i in _shown(client, f"?sort=longest&page={n}")]
    assert pages == _ids(made, "library", "gate", "cafe", "hall")
    rows = _csv(client, "?sort=longest")
    assert rows[0] == HEADER
    assert [r[7] for r in rows[1:]] == ["Library", "Gate", "Cafe", "Hall"]
    cafe = rows[3]
    assert cafe[:3] == ["Trainee", "trainee@example.org", "Demo Scheme"]
    assert cafe[4:7] == ["Observed session", "60", "1 hour"]
    assert cafe[9] == "Confirmed" and cafe[13] == "Passed"
    assert [r[7] for r in _csv(client, "?q=amy&sort=oldest")[1:]] == ["Library", "Hall"]
    assert [r[7] for r in _csv(client, "?status=pending&kind=co_worked")[1:]] == ["Library"]


def test_a_coordinator_sees_only_their_scheme_and_an_admin_every_scheme(app, client, login, people):
    made = _entries(people)
    login("coordinator")
    assert made["far"].id not in _shown(client)
    assert "Far away" not in [r[7] for r in _csv(client)]
    admin = app.test_client()
    sign_in(admin, people["admin"].email)
    assert _shown(admin, "?q=otto") == _ids(made, "far")
    (far,) = _csv(admin, "?q=otto")[1:]
    assert far[2] == "North" and far[7] == "Far away"
