"""An audit event's page puts its details in words (issue 17, review item 7): UK dates, records
by name or linked, codes in words, settings with their units, no empty values, no ids of
records without a page and no action code."""

from __future__ import annotations

import re

from lms.audit.services import record
from lms.extensions import db
from tests.factories import make_definition


def _page(client, actor, action, subject_type, subject_id, details) -> str:
    event = record(
        db.session,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        details=details,
    )
    db.session.commit()
    return client.get(f"/admin/audit/{event.id}").get_data(as_text=True)


def _details(html: str) -> str:
    return html.split("Details</dt>", 1)[1].split("fingerprint", 1)[0]


def _row(html: str, label: str) -> str | None:
    found = re.search(rf"{re.escape(label)}</dt><dd[^>]*>(.*?)</dd>", html, re.S)
    return found.group(1).strip() if found else None


def test_a_certificate_issued_names_its_definition_and_gives_a_uk_date(client, login, people):
    make_definition()
    login("admin")
    details = {
        "definition": "core-peer-mentor",
        "version": 1,
        "holder_id": people["trainee"].id,
        "valid_until": "2028-11-28",
        "supersedes": None,
    }
    html = _page(client, people["admin"], "certificate.issued", "certificate", "PM-1", details)
    assert _row(html, "Certificate") == "Certificate core-peer-mentor"  # the definition's title
    assert _row(html, "Valid until") == "28 November 2028"
    assert "Renews certificate" not in html and "None" not in _details(html)
    assert "2028-11-28" not in html and "certificate.issued" not in html
    assert people["trainee"].name in _row(html, "Holder")


def test_a_renewal_links_the_certificate_it_renews(client, login, people):
    login("admin")
    details = {"definition": "core-peer-mentor", "supersedes": "PM-7K3Q-9XWD-H"}
    html = _page(client, people["admin"], "certificate.renewed", "certificate", "PM-2", details)
    assert _row(html, "Renews certificate") == (
        '<a class="govuk-link" href="/certificates/PM-7K3Q-9XWD-H">PM-7K3Q-9XWD-H</a>'
    )
    assert _row(html, "Certificate") == "Core peer mentor"  # no definition on record: in words


def test_codes_dates_and_ids_are_words(client, login, people):
    login("admin")
    person = people["trainee"].id
    vetting = {
        "check_id": 1,
        "certificate_date": "2026-03-27",
        "level": "enhanced_barred",
        "update_service": True,
    }
    html = _page(client, people["admin"], "vetting.recorded", "person", person, vetting)
    assert "Check id" not in html and _row(html, "Date on the DBS certificate") == "27 March 2026"
    assert _row(html, "Level of DBS check") == "Enhanced with barred lists"
    marked = {"outcome": "pass", "met": 4, "mode": "written"}
    html = _page(client, people["admin"], "scenario.marked", "scenario_submission", 9, marked)
    assert _row(html, "Result") == "Pass" and _row(html, "How it was answered") == "Written answer"
    suspended = {"review_date": "2026-12-12"}
    html = _page(client, people["admin"], "certificate.suspended", "certificate", "PM-3", suspended)
    assert _row(html, "Review date") == "12 December 2026"


def test_scheme_settings_say_what_changed_in_their_units(client, login, people):
    login("admin")
    scheme = people["admin"].scheme_id or 1
    changed = {
        "supervision_interval_weeks": {"from": 6, "to": 8},
        "practice_hours_required": {"from": None, "to": 30},
        "contact_phone": {"from": None, "to": "0113 496 0000"},
    }
    html = _page(client, people["admin"], "scheme.settings_changed", "scheme", scheme, changed)
    assert _row(html, "Supervision interval") == "from 6 weeks to 8 weeks"
    assert _row(html, "Supervised hours required") == ("from the certificate&#39;s own to 30 hours")
    assert _row(html, "Contact phone") == "from nothing to 0113 496 0000"
    assert "weeks:" not in html.lower() and "interval weeks" not in html.lower()


def test_an_event_without_details_has_no_details_row(client, login, people):
    login("admin")
    html = _page(client, people["admin"], "scheme.created", "scheme", 1, {})
    assert "Details</dt>" not in html and "Action code" not in html
    assert "scheme.created" not in html


def test_before_and_after_name_the_scheme_and_roles(client, login, people):
    login("admin")
    scheme = people["trainee"].scheme
    before = {"name": "Pat", "roles": ["trainee"], "scheme_id": scheme.id, "lead_trainer": False}
    after = {**before, "roles": ["trainee", "trainer"], "scheme_id": None}
    details = {"before": before, "after": after}
    html = _page(client, people["admin"], "person.updated", "person", 1, details)
    assert (
        _row(html, "Before: scheme") == scheme.name and _row(html, "Before: lead trainer") == "No"
    )
    assert _row(html, "After: roles") == "Trainee, Trainer" and "After: scheme" not in html
    counts = {"ended_before": "2020-01-31", "count": 3, "by_scheme": {str(scheme.id): 3, "x": 1}}
    html = _page(client, people["admin"], "mentees.anonymised", "mentee", "ended", counts)
    assert _row(html, "Matches ended before") == "31 January 2020"
    assert _row(html, f"In {scheme.name}") == "3"
    assert _row(html, "In A scheme no longer on record") == "1"


def test_a_practice_sessions_day_is_in_uk_words_in_its_subject(client, login, people):
    login("admin")
    trainee = people["trainee"]
    details = {"trainee_id": trainee.id, "session_date": "2026-03-27", "minutes": 90}
    html = _page(client, people["admin"], "practice.confirmed", "practice_entry", 5, details)
    assert f"Practice session of {trainee.name} on 27 March 2026" in html
    assert _row(html, "Length") == "1 hour 30 minutes" and "2026-03-27" not in html
