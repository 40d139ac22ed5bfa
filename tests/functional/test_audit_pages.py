"""Admin audit trail pages: filtered list, one event, chain check and CSV export."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import event as sa_event
from sqlalchemy import func, select, update

from lms.accounts.models import Role
from lms.audit.models import AuditEvent
from lms.audit.services import record
from lms.extensions import db
from tests.factories import make_person, make_scheme


def _record(actor, action="person.updated", *, at=None, **kwargs):
    """Record one event (at a given UTC time if asked) and commit it."""
    kwargs.setdefault("subject_type", "person")
    kwargs.setdefault("subject_id", 1)
    if at is None:
        event = record(db.session, actor=actor, action=action, **kwargs)
    else:
        with time_machine.travel(at, tick=False):
            event = record(db.session, actor=actor, action=action, **kwargs)
    db.session.commit()
    return event.id


def _listed(client, **args) -> list[int]:
    """The ids of the events on the list page, in the order shown."""
    response = client.get("/admin/audit/", query_string=args)
    assert response.status_code == 200
    return [int(i) for i in re.findall(r'href="/admin/audit/(\d+)"', response.get_data(True))]


@pytest.fixture
def trail(people):
    """A small trail: two admins and a trainer acting in two schemes."""
    admin, trainer, trainee = people["admin"], people["trainer"], people["trainee"]
    other = make_scheme("north", "North Mentors")
    olive = make_person("olive@elsewhere.org", "Olive Other", [Role.ADMIN], other)
    return {
        "deactivated": _record(
            admin,
            "person.deactivated",
            subject_id=trainee.id,
            scheme_id=trainee.scheme_id,
            reason="Left the programme",
        ),
        "confirmed": _record(
            trainer,
            "practice.confirmed",
            subject_type="practice_entry",
            subject_id=7,
            scheme_id=trainer.scheme_id,
            reason="Supervised on the wing",
        ),
        "scheme": _record(
            olive,
            "scheme.updated",
            subject_type="scheme",
            subject_id=other.id,
            scheme_id=other.id,
            details={"slug": "north"},
        ),
    }


def test_list_shows_newest_first_in_plain_words(client, login, people, trail):
    """Events are newest first, with readable actions, linked people and a link per event."""
    login("admin")
    html = client.get("/admin/audit/").get_data(as_text=True)
    ids = _listed(client)
    assert ids[:3] == [trail["scheme"], trail["confirmed"], trail["deactivated"]]
    assert "Account deactivated" in html and "Supervised practice confirmed" in html
    trainee = people["trainee"]
    assert f'href="/admin/people/{trainee.id}">{trainee.name}</a>' in html  # by name, not id
    assert f">Person {trainee.id}<" not in html
    assert 'href="/practice/review/7">Practice session</a>' in html
    assert "Practice log entry 7" not in html and "Left the programme" in html
    assert "North Mentors" in html and "Demo Scheme" in html


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"q": "wing"}, ["confirmed"]),  # reason
        ({"q": "OLIVE"}, ["scheme"]),  # who did it, any case
        ({"q": "deactivated"}, ["deactivated"]),  # the action
        ({"q": "practice confirmed"}, ["confirmed"]),  # the action's readable name
        ({"action": "person.deactivated"}, ["deactivated"]),
        ({"actor": "trainer"}, ["confirmed"]),  # by name
        ({"actor": "elsewhere.org"}, ["scheme"]),  # by email
        ({"subject_type": "practice_entry"}, ["confirmed"]),
        ({"subject_type": "practice_entry", "subject_id": "7"}, ["confirmed"]),
        ({"subject_type": "practice_entry", "subject_id": "8"}, []),
    ],
)
def test_each_filter_narrows_the_list(client, login, trail, args, expected):
    """Free text, action, who, and subject type and id each narrow the list."""
    login("admin")
    assert _listed(client, **args) == [trail[name] for name in reversed(expected)]


def test_scheme_filter(client, login, trail):
    """Choosing a scheme shows only that scheme's events."""
    login("admin")
    north = db.session.scalar(select(AuditEvent.scheme_id).where(AuditEvent.id == trail["scheme"]))
    ids = _listed(client, scheme=north)
    assert trail["scheme"] in ids
    assert trail["deactivated"] not in ids and trail["confirmed"] not in ids
    html = client.get("/admin/audit/").get_data(as_text=True)
    assert f'<option value="{north}">North Mentors</option>' in html


def test_action_select_lists_only_actions_present(client, login, trail):
    """The action filter offers the actions in the trail, by their readable names."""
    login("admin")
    html = client.get("/admin/audit/").get_data(as_text=True)
    assert '<option value="practice.confirmed">Supervised practice confirmed</option>' in html
    assert "quiz.passed" not in html


def test_dates_are_uk_days(client, login, people):
    """Dates are UK days: 23:30 UTC on 1 June is 2 June in London (BST); GMT in March."""
    admin = people["admin"]
    march = _record(admin, at=datetime(2024, 3, 30, 23, 30, tzinfo=UTC))
    june = _record(admin, at=datetime(2024, 6, 1, 23, 30, tzinfo=UTC))
    login("admin")
    assert _listed(client, date_from="2 6 2024", date_to="2 6 2024") == [june]
    assert _listed(client, date_to="1 6 2024") == [march]
    assert _listed(client, date_from="30/03/2024", date_to="30/03/2024") == [march]
    assert _listed(client, date_from="2024-03-31", date_to="2 6 2024") == [june]


@pytest.mark.parametrize(
    ("args", "field", "message"),
    [
        ({"date_from": "31 2 2026"}, "date_from", "From date must be a real date"),
        ({"date_to": "next week"}, "date_to", "To date must be a date in numbers"),
        (
            {"date_from": "2 6 2026", "date_to": "1 6 2026"},
            "date_to",
            "To date must be the same as or after the from date",
        ),
        ({"scheme": "many"}, "scheme", "Choose a scheme from the list"),
        ({"action": "made.up"}, "action", "Choose an action from the list"),
    ],
)
def test_bad_filters_get_a_message_next_to_the_field(client, login, trail, args, field, message):
    """A bad date or choice is a 400 with a message by the field and in the summary, on the list
    and the export alike, never a 500."""
    login("admin")
    for path in ("/admin/audit/", "/admin/audit/export.csv"):
        response = client.get(path, query_string=args)
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and response.mimetype == "text/html"
        assert "There is a problem" in html and f'<a href="#{field}">{message}' in html
        assert f'id="{field}-error"' in html and "<title>Error: Audit trail" in html
        assert "Correct the filters above" in html and not _ids_in(html)


def _ids_in(html: str) -> list[str]:
    return re.findall(r'href="/admin/audit/(\d+)"', html)


def test_pagination_keeps_the_filters(app, client, login, people):
    """Twelve matching events make three pages of five; page links keep the filter."""
    app.config["PAGE_SIZE"] = 5
    made = [
        _record(people["trainee"], "quiz.passed", subject_type="quiz_attempt", subject_id=i)
        for i in range(12)
    ]
    _record(people["admin"], "person.updated")
    login("admin")
    html = client.get("/admin/audit/", query_string={"action": "quiz.passed"}).get_data(True)
    assert "12 found" in html and 'aria-label="Page 3"' in html
    assert "action=quiz.passed" in html and "page=2" in html
    assert _listed(client, action="quiz.passed") == made[::-1][:5]
    assert _listed(client, action="quiz.passed", page=3) == made[:2][::-1]


def _statements_for(client, url: str) -> int:
    count = 0

    def counter(*_args):
        nonlocal count
        count += 1

    sa_event.listen(db.engine, "before_cursor_execute", counter)
    try:
        assert client.get(url).status_code == 200
    finally:
        sa_event.remove(db.engine, "before_cursor_execute", counter)
    return count


def test_queries_do_not_grow_with_the_rows_shown(app, client, login, people):
    """The list costs the same number of queries for 2 events on the page as for 20."""
    app.config["PAGE_SIZE"] = 20
    login("admin")
    for i in range(2):
        _record(people["admin"], subject_id=i, scheme_id=people["admin"].scheme_id)
    few = _statements_for(client, "/admin/audit/")
    for i in range(18):
        _record(people["trainer"], subject_id=i, scheme_id=people["admin"].scheme_id)
    many = _statements_for(client, "/admin/audit/")
    assert few == many
    assert _statements_for(client, "/admin/audit/export.csv") <= many


def test_event_page_shows_every_field_readably(client, login, people):
    """One event: details as a labelled list (not JSON), both hashes, and its neighbours."""
    admin = people["admin"]
    first = _record(admin)
    middle = _record(
        admin,
        "quiz.failed",
        subject_type="quiz_attempt",
        subject_id=42,
        reason="Second try",
        details={"score": "3/5", "failed_must_pass": True, "before": {"name": "Pat"}},
    )
    last = _record(admin)
    login("admin")
    html = client.get(f"/admin/audit/{middle}").get_data(as_text=True)
    event = db.session.get(AuditEvent, middle)
    assert "Quiz not passed" in html and "quiz.failed" not in html  # no action code
    assert "Quiz attempt 42" not in html and "Second try" in html
    assert '<dd class="govuk-summary-list__value">Quiz</dd>' in html
    assert re.search(r"Score</dt><dd[^>]*>3 out of 5<", html)
    assert re.search(r"Missed a question that must be right</dt><dd[^>]*>Yes<", html)
    assert re.search(r"Before: name</dt><dd[^>]*>Pat<", html)
    assert "{&#34;" not in html and '{"' not in html
    assert f"<code>{event.hash}</code>" in html and f"<code>{event.prev_hash}</code>" in html
    assert f'href="/admin/audit/{first}" rel="prev"' in html
    assert f'href="/admin/audit/{last}" rel="next"' in html
    last_html = client.get(f"/admin/audit/{last}").get_data(as_text=True)
    assert 'rel="next"' not in last_html and f'href="/admin/audit/{middle}" rel="prev"' in last_html
    assert client.get("/admin/audit/999999").status_code == 404


def test_verify_reports_intact_then_the_edited_event(app, client, login, people, trail):
    """The check says the trail is intact, then names an event whose reason was edited in SQL."""
    login("admin")
    assert app.test_cli_runner().invoke(args=["audit", "checkpoint"]).exit_code == 0
    total = db.session.scalar(select(func.count(AuditEvent.id)))
    html = client.get("/admin/audit/verify").get_data(as_text=True)
    assert f"The audit trail is intact: {total} events checked" in html
    db.session.execute(
        update(AuditEvent).where(AuditEvent.id == trail["confirmed"]).values(reason="Quietly")
    )
    db.session.commit()
    html = client.get("/admin/audit/verify").get_data(as_text=True)
    assert "The audit trail is intact" not in html
    assert f"Event {trail['confirmed']} was changed after it was written" in html
    assert f'href="/admin/audit/{trail["confirmed"]}"' in html


def test_csv_export_is_filtered_and_formula_safe(client, login, people):
    """The export holds the filtered events, and text that looks like a formula is defused."""
    sly = make_person(
        "sly@example.org", "=cmd|' /C calc'!A0", [Role.TRAINER], people["admin"].scheme
    )
    _record(sly, "practice.rejected", reason="+SUM(A1:A9)", details={"note": "@x"})
    _record(people["admin"], "person.updated", reason="Routine")
    login("admin")
    response = client.get("/admin/audit/export.csv", query_string={"action": "practice.rejected"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    header, body = rows[0], rows[1:]
    assert len(body) == 1
    row = dict(zip(header, body[0], strict=True))
    assert row["Who"] == "'=cmd|' /C calc'!A0"
    assert row["Reason"] == "'+SUM(A1:A9)"
    assert row["What happened"] == "Supervised practice sent back"
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in body[0])


def test_admins_find_the_audit_trail_from_navigation_and_home(client, login):
    """The admin menu and home page link to the audit trail."""
    login("admin")
    html = client.get("/admin").get_data(as_text=True)
    assert html.count('href="/admin/audit/"') >= 2
