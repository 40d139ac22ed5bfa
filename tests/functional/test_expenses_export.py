"""The monthly CSV of approved claims (by approval date, UK months), safe against formula
injection, and the scheme's expense settings (a coordinator for theirs, an admin for any)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.audit.models import AuditEvent
from lms.expenses import queries, services
from lms.expenses.models import ExpenseSettings
from lms.expenses.settings import SettingsDetails, save_settings
from lms.extensions import db
from lms.ukdates import uk_today
from tests.access.expenses import make_contact
from tests.conftest import csrf_token, sign_in
from tests.factories import make_person, make_scheme


@pytest.fixture
def approved(people):
    """An approved claim with paid hours and a description that starts a formula."""
    mentor, coordinator = people["trainee"], people["coordinator"]
    limits = {"travel": 2000, "phone": 1000, "refreshments": 500, "other": None}
    save_settings(
        db.session, people["admin"], mentor.scheme_id, SettingsDetails(limits, True, 1221)
    )
    contact = make_contact(mentor, coordinator, minutes=90)
    details = services.ClaimDetails("travel", 680, '=HYPERLINK("http://evil")', 90)
    claim = services.submit(db.session, mentor, contact, details, uk_today())
    services.approve(db.session, coordinator, claim)
    db.session.commit()
    return claim


def _rows(client, month: str) -> list[list[str]]:
    response = client.get(f"/expenses/export.csv?month={month}")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.reader(io.StringIO(response.get_data(as_text=True))))


def test_the_csv_has_one_row_per_claim_with_the_columns_finance_wants(client, login, approved):
    login("coordinator")
    month = uk_today().strftime("%Y-%m")
    header, row = _rows(client, month)
    assert header == list(queries.CSV_HEADER)
    assert row[0] == str(approved.id) and row[1] == "Trainee" and row[2] == str(approved.mentor_id)
    assert row[3] == approved.contact.held_on.isoformat() and row[4] == "Travel"
    assert row[5] == '\'=HYPERLINK("http://evil")'  # made safe, not run as a formula
    assert row[6:10] == ["6.80", "1.5", "12.21", "18.32"]  # 1.5 h at £12.21 = £18.315 -> £18.32
    assert row[10] == uk_today().isoformat() and row[11] == "Coordinator"
    page = client.get(f"/expenses/export?month={month}").get_data(as_text=True)
    assert "approved</strong> in, UK time" in page and "£6.80" in page and "£18.32" in page


def test_a_month_with_no_approved_claims_is_empty(client, login, people):
    login("coordinator")
    assert _rows(client, "2025-01") == [list(queries.CSV_HEADER)]
    page = client.get("/expenses/export?month=2025-01").get_data(as_text=True)
    assert "No claims were approved in January 2025." in page


def test_waiting_and_other_schemes_claims_stay_out(app, client, people, approved):
    services_claim = services.submit(
        db.session,
        people["trainee"],
        approved.contact,
        services.ClaimDetails("phone", 200, "Credit"),
        uk_today(),
    )
    db.session.commit()
    stranger = make_person("c2@example.org", "Cy", [Role.COORDINATOR], make_scheme("north", "N"))
    db.session.commit()
    sign_in(client, stranger.email)
    assert len(_rows(client, uk_today().strftime("%Y-%m"))) == 1  # header only
    own = app.test_client()
    sign_in(own, people["coordinator"].email)
    ids = [row[0] for row in _rows(own, uk_today().strftime("%Y-%m"))[1:]]
    assert ids == [str(approved.id)] and str(services_claim.id) not in ids


@pytest.mark.parametrize("month", ["2026-13", "November", "26-11", "2999-01"])
def test_a_bad_or_future_month_is_an_error_not_a_500(client, login, month):
    login("coordinator")
    response = client.get(f"/expenses/export?month={month}")
    assert response.status_code == 400
    assert 'href="#month"' in response.get_data(as_text=True)
    assert client.get(f"/expenses/export.csv?month={month}").status_code == 400


def test_months_are_uk_months_by_approval_time(approved):
    # 23:30 UTC on 30 June is 00:30 BST on 1 July: a July claim.
    approved.approved_at = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    db.session.commit()
    scheme = approved.scheme_id
    assert queries.approved_in_month(db.session, scheme, 2026, 6) == []
    assert queries.approved_in_month(db.session, scheme, 2026, 7) == [approved]
    approved.approved_at = datetime(2026, 12, 31, 23, 59, tzinfo=UTC)  # GMT: still December
    db.session.commit()
    assert queries.approved_in_month(db.session, scheme, 2026, 12) == [approved]
    assert queries.approved_in_month(db.session, scheme, 2027, 1) == []


def _settings_form(**overrides) -> dict:
    form = {
        "travel_allowed": "y",
        "travel_limit": "15",
        "phone_allowed": "y",
        "phone_limit": "10.00",
        "refreshments_limit": "",
        "other_allowed": "y",
        "other_limit": "7.50",
        "pays_sessional": "y",
        "hourly_rate": "12.21",
    }
    form.update(overrides)
    return {k: v for k, v in form.items() if v is not None}


def test_a_coordinator_changes_their_schemes_settings_audited(client, login, people):
    login("coordinator")
    scheme_id = people["coordinator"].scheme_id
    assert (
        client.get("/expenses/settings")
        .headers["Location"]
        .endswith(f"/expenses/settings/{scheme_id}")
    )
    url = f"/expenses/settings/{scheme_id}"
    page = client.get(url).get_data(as_text=True)
    assert 'value="20.00"' in page and 'value="5.00"' in page  # the defaults
    response = client.post(url, data={"csrf_token": csrf_token(client, url), **_settings_form()})
    assert response.status_code == 302
    saved = db.session.get(ExpenseSettings, scheme_id)
    assert saved.limits() == {"travel": 1500, "phone": 1000, "refreshments": None, "other": 750}
    assert (saved.pays_sessional, saved.hourly_rate) == (True, 1221)
    [event] = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "expenses.settings_changed")
    )
    assert event.actor_id == people["coordinator"].id
    assert (
        event.details["before"]["travel"] == "20.00" and event.details["after"]["travel"] == "15.00"
    )
    assert event.details["after"]["refreshments"] == "off"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"travel_limit": "abc"}, "travel_limit", "Enter the amount in pounds and pence"),
        ({"travel_limit": "0"}, "travel_limit", "Enter a limit from £0.01 to £1,000"),
        ({"travel_limit": "2000"}, "travel_limit", "Enter a limit from £0.01 to £1,000"),
        ({"hourly_rate": ""}, "hourly_rate", "Enter the hourly rate from £0.01 to £100"),
    ],
)
def test_bad_settings_are_errors_on_their_field(client, login, people, overrides, field, message):
    login("coordinator")
    url = f"/expenses/settings/{people['coordinator'].scheme_id}"
    data = {"csrf_token": csrf_token(client, url), **_settings_form(**overrides)}
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page and f'href="#{field}"' in page
    assert db.session.get(ExpenseSettings, people["coordinator"].scheme_id) is None


def test_an_admin_sets_any_scheme_and_a_coordinator_only_their_own(app, client, login, people):
    north = make_scheme("north", "North Scheme")
    login("admin")
    assert "North Scheme" in client.get("/expenses/settings").get_data(as_text=True)
    url = f"/expenses/settings/{north.id}"
    data = {"csrf_token": csrf_token(client, url), **_settings_form()}
    assert client.post(url, data=data).status_code == 302
    assert db.session.get(ExpenseSettings, north.id).other_limit == 750
    coordinator = app.test_client()
    sign_in(coordinator, people["coordinator"].email)
    assert coordinator.get(url).status_code == 404


def test_a_kind_switched_off_is_no_longer_offered_or_accepted(client, login, people):
    save_settings(
        db.session,
        people["admin"],
        people["trainee"].scheme_id,
        SettingsDetails(
            {"travel": None, "phone": 1000, "refreshments": None, "other": None}, False, 0
        ),
    )
    db.session.commit()
    contact = make_contact(people["trainee"], people["coordinator"])
    login("trainee")
    url = f"/expenses/contacts/{contact.id}/claim"
    assert "Travel" not in client.get(url).get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(client, url),
        "kind": "travel",
        "amount": "2",
        "description": "Bus",
    }
    assert client.post(url, data=data).status_code == 400
