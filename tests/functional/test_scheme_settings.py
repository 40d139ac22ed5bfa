"""A scheme's settings page: today's defaults, who may change them, the limits (practice never
below the certificate definition), the audit trail, and each setting taking effect."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from lms.accounts.contacts import safeguarding_contacts
from lms.accounts.models import Role
from lms.admin import scheme_settings as settings
from lms.audit.models import AuditEvent
from lms.certificates.eligibility import evaluate
from lms.certificates.eligible_sql import eligible_trainees
from lms.extensions import db
from lms.practice.requirements import core_needs
from lms.ukdates import uk_today
from lms.vetting import services as vetting
from tests.conftest import csrf_token
from tests.factories import (
    confirmed_practice,
    make_definition,
    make_eligible,
    make_person,
    make_scheme,
)


def _form(**changes) -> dict:
    data = {
        "supervision_interval_weeks": "6",
        "dbs_recheck_months": "36",
        "practice_backdate_days": "60",
        "practice_hours_required": "",
        "observed_sessions_required": "",
        "contact_email": "",
        "contact_phone": "",
        "contact_address": "",
        "safeguarding_lead": "0",
        "safeguarding_deputy": "0",
    }
    return {**data, **changes}


CHANGED = {
    "supervision_interval_weeks": "4",
    "dbs_recheck_months": "24",
    "practice_backdate_days": "90",
    "practice_hours_required": "30",
    "observed_sessions_required": "3",
    "contact_email": "hello@scheme.example",
    "contact_phone": "0113 496 0000",
    "contact_address": "1 High Street\nLeeds",
}


def _post(client, scheme_id: int, **changes):
    url = f"/scheme-settings/{scheme_id}"
    return client.post(url, data={**_form(**changes), "csrf_token": csrf_token(client, url)})


def test_the_page_shows_todays_defaults_and_is_in_the_coordinators_navigation(
    client, login, people
):
    login("coordinator")
    home = client.get("/coordinator").get_data(as_text=True)
    assert 'href="/scheme-settings/"' in home
    response = client.get("/scheme-settings/")
    assert response.headers["Location"].endswith(
        f"/scheme-settings/{people['coordinator'].scheme_id}"
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    for name, value in (
        ("supervision_interval_weeks", "6"),
        ("dbs_recheck_months", "36"),
        ("practice_backdate_days", "60"),
    ):
        assert re.search(rf'name="{name}"[^>]* value="{value}"', page), name
    assert "Leave blank for the certificate&#39;s own 20 hours" in page


def test_a_coordinator_saves_their_schemes_settings_audited(client, login, people):
    coordinator = login("coordinator")
    scheme = coordinator.scheme
    chosen = {**CHANGED, "safeguarding_lead": str(people["trainer"].id)}
    response = _post(client, scheme.id, **chosen)
    assert response.status_code == 302
    db.session.refresh(scheme)
    assert (scheme.supervision_interval_weeks, scheme.dbs_recheck_months) == (4, 24)
    assert (scheme.practice_backdate_days, scheme.practice_hours_required) == (90, 30)
    assert scheme.observed_sessions_required == 3 and scheme.contact_phone == "0113 496 0000"
    assert scheme.contact_address == "1 High Street\nLeeds"
    assert safeguarding_contacts(db.session, scheme).lead == people["trainer"].name
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "scheme.settings_changed")
    ).one()
    assert event.actor_id == coordinator.id
    assert event.details["dbs_recheck_months"] == {"from": 36, "to": 24}
    assert "contact_phone" in event.details and "supervision_interval_weeks" in event.details
    # Saving the same again changes nothing and audits nothing.
    _post(client, scheme.id, **chosen)
    assert len(_events("scheme.settings_changed")) == 1


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("supervision_interval_weeks", "0", "between 1 and 26 weeks"),
        ("supervision_interval_weeks", "27", "between 1 and 26 weeks"),
        ("dbs_recheck_months", "37", "between 6 and 36 months"),
        ("practice_backdate_days", "6", "between 7 and 365 days"),
        ("practice_hours_required", "19", "between 20 and 200 hours"),
        ("observed_sessions_required", "1", "between 2 and 20 sessions"),
        ("dbs_recheck_months", "", "Enter the DBS recheck interval"),
        # Not numbers: plain words, never WTForms' "Not a valid integer value."
        ("supervision_interval_weeks", "six", "Enter the supervision interval as a whole number"),
        ("dbs_recheck_months", "3 years", "Enter the DBS recheck interval as a whole number"),
        ("practice_backdate_days", "6.5", "Enter a whole number of days, like 60"),
        ("practice_hours_required", "twenty", "Enter the supervised hours required as a whole"),
        ("observed_sessions_required", "2.5", "Enter the observed sessions required as a whole"),
    ],
)
def test_values_outside_the_limits_are_refused_on_the_field(
    client, login, people, field, value, words
):
    scheme = login("coordinator").scheme
    page = _post(client, scheme.id, **{field: value}).get_data(as_text=True)
    assert "There is a problem" in page and f'href="#{field}"' in page and words in page
    assert "Not a valid" not in page
    assert _events("scheme.settings_changed") == []


def test_the_certificate_definition_sets_the_practice_minimum(people):
    make_definition(min_hours=25, min_observed=3)
    assert settings.limits(db.session)["practice_hours_required"] == (25, 200)
    admin, scheme = people["admin"], people["admin"].scheme
    chosen = settings.current(db.session, scheme)
    low = settings.Settings(**{**vars(chosen), "practice_hours_required": 24})
    with pytest.raises(Exception, match="between 25 and 200 hours"):
        settings.save(db.session, admin, scheme, low)
    at_minimum = settings.Settings(**{**vars(chosen), "practice_hours_required": 25})
    assert settings.save(db.session, admin, scheme, at_minimum) == ["practice_hours_required"]


def test_a_coordinator_gets_404_for_another_scheme(client, login, people):
    other = make_scheme("other", "Other Scheme")
    login("coordinator")
    assert client.get(f"/scheme-settings/{other.id}").status_code == 404
    assert _post(client, other.id, dbs_recheck_months="12").status_code == 404
    db.session.refresh(other)
    assert other.dbs_recheck_months == 36


def test_admins_change_any_scheme_and_only_its_own_coordinators_do(client, login, people):
    other = make_scheme("other", "Other Scheme")
    login("admin")
    assert client.get(f"/scheme-settings/{other.id}").status_code == 200
    assert client.get("/scheme-settings/").headers["Location"].endswith("/admin/schemes")
    schemes = client.get("/admin/schemes").get_data(as_text=True)
    assert f'href="/scheme-settings/{other.id}"' in schemes
    outsider = make_person("oc@example.org", "Otto", [Role.COORDINATOR], other)
    assert not settings.may_change(outsider, people["coordinator"].scheme_id)
    assert settings.may_change(outsider, other.id)
    assert not settings.may_change(people["trainer"], people["trainer"].scheme_id)


def test_the_dbs_recheck_interval_applies_to_new_checks(people):
    scheme = people["trainee"].scheme
    scheme.dbs_recheck_months = 12
    details = vetting.CheckDetails("enhanced", date(2026, 1, 10), False, date(2027, 1, 11))
    with pytest.raises(vetting.VettingError, match="within 1 year"):
        vetting.record_check(
            db.session, people["coordinator"], people["trainee"], details, date(2026, 11, 28)
        )


def test_more_practice_asked_by_the_scheme_counts_for_eligibility(people):
    """make_eligible gives 2 hours and 1 observed session, which the definition asks for; a
    scheme asking for 3 hours makes the trainee not yet eligible, on both paths."""
    trainee, scheme = people["trainee"], people["trainee"].scheme
    definition = make_definition()
    make_eligible(trainee, people["trainer"], people["coordinator"])
    today = uk_today()
    assert evaluate(db.session, trainee, definition, today).eligible
    listed = {
        p.id for p in db.session.scalars(eligible_trainees(db.session, people["admin"], today))
    }
    assert trainee.id in listed
    scheme.practice_hours_required = 3
    db.session.commit()
    result = evaluate(db.session, trainee, definition, today)
    assert not result.eligible
    assert "2 of 3 confirmed" in " ".join(item.progress for item in result.items)
    listed = {
        p.id for p in db.session.scalars(eligible_trainees(db.session, people["admin"], today))
    }
    assert trainee.id not in listed
    assert core_needs(db.session, scheme).hours == 3
    confirmed_practice(trainee, people["trainer"], sessions=1, minutes=60, observed=0)
    assert evaluate(db.session, trainee, definition, today).eligible
