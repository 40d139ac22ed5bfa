"""The audit trail in plain words (issue 17): the people and records an event names appear by
name with links to their pages, never as bare ids ("Proposed by 4"), on the list and on the
event's page; a person or mentee since removed is said to be so, not shown as a number."""

from __future__ import annotations

import re

from lms.accounts.models import Role
from lms.assessment import services as marking
from lms.audit.services import record
from lms.extensions import db
from lms.matching.matches.services import audit_match
from tests.conftest import sign_in
from tests.factories import (
    make_match,
    make_mentee,
    make_module,
    make_person,
    make_scenario,
    submit_answer,
)


def _event(actor, action, subject_type, subject_id, **details):
    event = record(
        db.session,
        actor=actor,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        details=details,
    )
    db.session.commit()
    return event


def test_a_match_event_names_the_mentor_and_the_mentee(client, login, people):
    admin, mentor = people["admin"], people["trainee"]
    mentee = make_mentee(mentor.scheme, "REF-77")
    match = make_match(mentor, mentee)
    audit_match(db.session, people["coordinator"], "match.paused", match, "Concern raised.")
    db.session.commit()
    login("admin")
    html = client.get("/admin/audit/").get_data(as_text=True)
    assert '<td class="govuk-table__cell" data-label="What">Match paused</td>' in html
    assert f'href="/matching/matches/{match.id}">Match of {mentor.name} with mentee REF-77' in html
    event_id = re.search(r'href="/admin/audit/(\d+)"', html).group(1)
    page = client.get(f"/admin/audit/{event_id}").get_data(as_text=True)
    assert f'<a class="govuk-link" href="/admin/people/{mentor.id}">{mentor.name}</a>' in page
    assert f'href="/matching/mentees/{mentee.id}">Mentee REF-77</a>' in page
    assert "Mentor id" not in page and "Mentee id" not in page
    assert admin.name in page  # who looked is not who did it: the coordinator is "Who"
    assert people["coordinator"].name in page


def test_people_in_details_are_named_never_numbered(client, login, people):
    """ "Proposed by 4" becomes the proposer's name; lists of people (told) are all named; the
    ids of records with no page (a proposal, a contact) are left out."""
    admin, trainer, coordinator = people["admin"], people["trainer"], people["coordinator"]
    event = _event(
        admin,
        "certificate.revocation_declined",
        "certificate",
        "PMT-2026-000123",
        proposal=9,
        proposed_by=trainer.id,
        told=[coordinator.id, trainer.id],
        contact_id=31,
    )
    login("admin")
    page = client.get(f"/admin/audit/{event.id}").get_data(as_text=True)
    assert "Proposal to revoke a certificate turned down" in page
    assert 'href="/certificates/PMT-2026-000123">Certificate PMT-2026-000123</a>' in page
    proposed = re.search(r"Proposed by</dt><dd[^>]*>(.*?)</dd>", page).group(1)
    assert proposed == f'<a class="govuk-link" href="/admin/people/{trainer.id}">{trainer.name}</a>'
    told = re.search(r"Told</dt><dd[^>]*>(.*?)</dd>", page).group(1)
    assert re.sub(r"<[^>]+>", "", told) == f"{coordinator.name}, {trainer.name}"
    assert "Proposal</dt>" not in page and "Contact id" not in page


def test_a_scenario_answer_is_named_by_trainee_and_scenario(client, login, people):
    scenario = make_scenario(make_module("boundaries"))
    sub = submit_answer(people["trainee"], scenario)
    marking.claim(db.session, people["trainer"], sub, marking.Settings())
    db.session.commit()
    login("admin")
    html = client.get("/admin/audit/?subject_type=scenario_submission").get_data(as_text=True)
    expected = f"{people['trainee'].name}&#39;s answer to “{scenario.title}”"
    assert f'href="/assessment/submissions/{sub.id}">{expected}</a>' in html
    assert "Scenario answer taken for marking" in html
    assert f"Scenario answer {sub.id}" not in html


def test_removed_records_are_said_to_be_gone_not_numbered(client, login, people):
    _event(people["admin"], "person.updated", "person", 987654, mentor_id=987655)
    login("admin")
    html = client.get("/admin/audit/").get_data(as_text=True)
    assert "A person no longer on record" in html and "987654" not in html


def test_the_trail_stays_for_admins(app, people):
    """Names and links are on admin pages only: everyone else is refused the trail."""
    other = make_person("t9@example.org", "Tom", [Role.TRAINER], people["trainer"].scheme)
    _event(people["admin"], "person.updated", "person", other.id, mentor_id=other.id)
    for role in ("trainer", "coordinator", "trainee"):
        browser = app.test_client()
        sign_in(browser, people[role].email)
        assert browser.get("/admin/audit/").status_code == 403


def test_the_trail_can_be_read_oldest_first_and_the_csv_follows(client, login, people):
    """The order choice turns the list round; paging and the CSV keep it; nonsense is a 400."""
    admin = people["admin"]
    first = _event(admin, "person.updated", "person", admin.id)
    last = _event(admin, "scheme.updated", "scheme", admin.scheme_id or 1)
    login("admin")

    def listed(query: str) -> list[int]:
        html = client.get(f"/admin/audit/{query}").get_data(as_text=True)
        return [int(i) for i in re.findall(r'href="/admin/audit/(\d+)"', html)]

    newest = listed("")
    assert newest.index(last.id) < newest.index(first.id)
    oldest = listed("?order=oldest")
    assert oldest == sorted(oldest) and oldest.index(first.id) < oldest.index(last.id)
    page = client.get("/admin/audit/?order=oldest").get_data(as_text=True)
    assert "order=oldest" in re.search(r'href="(/admin/audit/export.csv[^"]*)"', page).group(1)
    rows = client.get("/admin/audit/export.csv?order=oldest").get_data(as_text=True).splitlines()
    ids = [int(r.split(",")[0]) for r in rows[1:]]
    assert ids == sorted(ids)
    assert client.get("/admin/audit/?order=sideways").status_code == 400
