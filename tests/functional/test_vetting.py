"""DBS checks: recorded by scheme coordinators, validated, audited, never with convictions."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from lms.accounts.models import Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.vetting.models import VettingCheck
from tests.conftest import csrf_token, sign_in
from tests.factories import make_person, make_scheme


def _post(client, person_id, **fields):
    url = f"/vetting/people/{person_id}"
    data = {"level": "enhanced", "certificate_date": "2026-01-10", "recheck_due": "2029-01-10"}
    data.update(fields, csrf_token=csrf_token(client, url))
    return client.post(url, data=data)


def test_coordinator_records_a_check_and_it_is_audited(client, login, people):
    """A saved check shows in the list and writes an audit event naming the coordinator."""
    coordinator = login("coordinator")
    assert _post(client, people["trainee"].id, update_service="y").status_code == 302
    check = db.session.scalars(select(VettingCheck)).one()
    assert check.level == "enhanced" and check.update_service
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "vetting.recorded"))
    assert event.one().actor_id == coordinator.id
    page = client.get("/vetting/").get_data(as_text=True)
    assert "Enhanced (Update Service)" in page


def test_form_says_no_conviction_details_and_has_no_field_for_them(client, login, people):
    """The form warns against conviction details and offers nowhere to type them."""
    login("coordinator")
    page = client.get(f"/vetting/people/{people['trainee'].id}").get_data(as_text=True)
    assert "Do not record any conviction details" in page
    assert "<textarea" not in page
    assert {c.name for c in VettingCheck.__table__.columns}.isdisjoint(
        {"notes", "convictions", "details", "disclosure"}
    )


def test_bad_dates_get_messages_next_to_the_fields(client, login, people):
    """A future certificate date or a recheck before it is refused with a clear message."""
    login("coordinator")
    future = (date.today() + timedelta(days=30)).isoformat()
    page = _post(client, people["trainee"].id, certificate_date=future).get_data(as_text=True)
    assert "must be today or in the past" in page
    page = _post(client, people["trainee"].id, recheck_due="2025-01-01").get_data(as_text=True)
    assert "recheck date must be after" in page
    page = _post(client, people["trainee"].id, certificate_date="not a date").get_data(as_text=True)
    assert "There is a problem" in page
    assert db.session.scalars(select(VettingCheck)).all() == []


def test_coordinator_of_another_scheme_gets_404(client, people):
    """Coordinators only see and record checks for their own scheme."""
    other = make_scheme("other", "Other")
    outsider = make_person("oc@example.org", "Otto", [Role.COORDINATOR], other)
    sign_in(client, outsider.email)
    assert client.get(f"/vetting/people/{people['trainee'].id}").status_code == 404
    assert people["trainee"].email not in client.get("/vetting/").get_data(as_text=True)
