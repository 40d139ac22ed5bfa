"""'Needs your action' on the trainer's, coordinator's and admin's home pages: each count, the
empty state, scoping to the person's scheme, and links that resolve to a page they may open."""

from __future__ import annotations

import re
from datetime import timedelta

from lms.accounts.models import Role
from lms.audit.runs import JOB, AuditVerification, latest_run
from lms.certificates.models import RevocationProposal
from lms.db import utcnow
from lms.extensions import db
from lms.home import admin, coordinator, trainer
from lms.outbox.models import FAILED, OutboxMessage
from lms.ukdates import uk_today
from tests.conftest import sign_in
from tests.factories import (
    make_match,
    make_mentee,
    make_mentor,
    make_module,
    make_person,
    make_practice_entry,
    make_scenario,
    make_scheme,
    record_vetting,
    submit_answer,
)


def _counts(app, found) -> dict[str, int]:
    return {item.key: item.count for item in found}


def _trainer_items(app, person):
    with app.test_request_context():
        return trainer.items(db.session, person, utcnow(), uk_today())


def _coordinator_items(app, person):
    with app.test_request_context():
        return coordinator.items(db.session, person, uk_today())


def _admin_items(app, person):
    with app.test_request_context():
        return admin.items(db.session, person, utcnow(), latest_run(db.session))


def _links_resolve(client, html: str) -> None:
    block = html.split('id="needs-action"', 1)[1].split("Everything else", 1)[0]
    links = re.findall(r'href="([^"]+)"', block)
    assert links
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


def _checked_today() -> None:
    """A clean check of the audit trail just now (without one, the admin is asked to run it)."""
    db.session.add(AuditVerification(ok=True, events_checked=0, problems=0, source=JOB))
    db.session.commit()


def test_everyone_starts_with_nothing_to_do(app, people):
    """With no work waiting, each staff home page says all is done."""
    _checked_today()
    for role in ("trainer", "coordinator", "admin"):
        client = app.test_client()
        sign_in(client, people[role].email)
        page = client.get(f"/{role}").get_data(as_text=True)
        assert "Needs your action" in page and "All done: nothing needs your action" in page
    assert _trainer_items(app, people["trainer"]) == []
    assert _coordinator_items(app, people["coordinator"]) == []
    assert _admin_items(app, people["admin"]) == []


def test_trainer_counts_answers_practice_and_supervision_in_their_scheme(
    app, client, login, people, scheme
):
    trainee, me = people["trainee"], people["trainer"]
    scenario = make_scenario(make_module("sample"))
    submit_answer(trainee, scenario)
    make_practice_entry(trainee, me)
    make_practice_entry(trainee, me, kind="observed", days_ago=2)
    make_mentor(
        make_person("due@example.org", "Dee Due", [Role.TRAINEE], scheme), supervised_days_ago=70
    )
    make_mentor(make_person("fine@example.org", "Fay Fine", [Role.TRAINEE], scheme))
    # Another scheme's work is not this trainer's.
    other = make_scheme("other", "Other Scheme")
    outsider = make_person("out@example.org", "Olly Out", [Role.TRAINEE], other)
    submit_answer(outsider, scenario)
    make_mentor(
        make_person("due2@example.org", "Don Due", [Role.TRAINEE], other), supervised_days_ago=70
    )
    found = _trainer_items(app, me)
    assert [item.key for item in found] == ["answers", "practice", "observed", "supervision"]
    assert _counts(app, found) == {"answers": 1, "practice": 1, "observed": 1, "supervision": 1}
    assert found[0].detail.startswith("The oldest has waited ")
    login("trainer")
    page = client.get("/trainer").get_data(as_text=True)
    assert "1 answer to mark" in page and "The oldest has waited under an hour" in page
    _links_resolve(client, page)


def test_lead_trainer_sees_second_marks_waiting(app, people):
    me = people["trainer"]
    me.lead_trainer = True
    db.session.commit()
    assert "second" not in _counts(app, _trainer_items(app, me))  # nothing marked yet
    from tests.factories import pass_scenario

    other_marker = make_person("m2@example.org", "Mo Marker", [Role.TRAINER], me.scheme)
    pass_scenario(people["trainee"], make_scenario(make_module("sample")), other_marker)
    assert _counts(app, _trainer_items(app, me))["second"] == 1


def test_coordinator_counts_in_their_scheme(app, client, login, people, scheme):
    today = uk_today()
    me = people["coordinator"]
    make_mentee(scheme, "R-1", in_custody=True, release_date=today + timedelta(days=5))
    make_mentee(scheme, "R-2", in_custody=True, release_date=today + timedelta(days=40))
    mentor = make_person("men@example.org", "Meg Mentor", [Role.TRAINEE], scheme)
    cert = make_mentor(mentor, valid_days_left=30, recheck_days_left=10)
    make_match(mentor, make_mentee(scheme, "P-1"), status="paused")
    make_match(mentor, make_mentee(scheme, "Q-1"), status="proposed")
    suspended_holder = make_person("sus@example.org", "Sue Spend", [Role.TRAINEE], scheme)
    suspended = make_mentor(suspended_holder, slug="core-peer-mentor", recheck_days_left=300)
    suspended.suspended_at, suspended.suspended_reason = utcnow(), "Under review"
    suspended.review_date = today - timedelta(days=1)
    # An old check replaced by a newer one is not due.
    record_vetting(people["trainee"], me, recheck_due=today + timedelta(days=3))
    record_vetting(people["trainee"], me, recheck_due=today + timedelta(days=900))
    db.session.commit()
    other = make_scheme("other", "Other Scheme")
    make_mentee(other, "X-1", in_custody=True, release_date=today + timedelta(days=2))
    make_mentor(make_person("o@example.org", "Oz", [Role.TRAINEE], other), valid_days_left=5)
    found = _coordinator_items(app, me)
    assert _counts(app, found) == {
        "releases": 1,
        "paused": 1,
        "proposed": 1,
        "rechecks": 1,
        "reviews": 1,
        "expiring": 1,
    }
    assert [item.key for item in found] == list(_counts(app, found))
    assert found[0].key == "releases"
    assert cert.valid_until == today + timedelta(days=30)
    login("coordinator")
    page = client.get("/coordinator").get_data(as_text=True)
    assert "1 paused match" in page
    _links_resolve(client, page)


def test_coordinator_without_a_scheme_has_nothing(app):
    lone = make_person("lone@example.org", "Lou Lone", [Role.COORDINATOR], None)
    assert _coordinator_items(app, lone) == []


def test_admin_counts_across_every_scheme(app, client, login, people):
    me = people["admin"]
    other_admin = make_person("a2@example.org", "Ada Two", [Role.ADMIN], None)
    other = make_scheme("other", "Other Scheme")
    holder = make_person("h@example.org", "Hal Holder", [Role.TRAINEE], other)
    cert = make_mentor(holder)
    db.session.add_all(
        [
            RevocationProposal(certificate_id=cert.id, proposed_by_id=other_admin.id, reason="x"),
            OutboxMessage(
                to_address="x@example.org", subject="s", body="b", template="t", status=FAILED
            ),
            OutboxMessage(to_address="y@example.org", subject="s", body="b", template="t"),
        ]
    )
    old = make_person("old@example.org", "Old Invite", [Role.TRAINEE], other, password=None)
    old.invited_at = utcnow() - timedelta(days=8)
    new = make_person("new@example.org", "New Invite", [Role.TRAINEE], other, password=None)
    new.invited_at = utcnow() - timedelta(days=1)
    db.session.commit()
    _checked_today()
    found = _admin_items(app, me)
    assert _counts(app, found) == {"revocations": 1, "undelivered": 1, "invitations": 1}
    # The admin who proposed a revocation cannot be its second admin.
    assert "revocations" not in _counts(app, _admin_items(app, other_admin))
    login("admin")
    page = client.get("/admin").get_data(as_text=True)
    assert "1 message that could not be delivered" in page
    _links_resolve(client, page)
    # Each link lists exactly what was counted, and says the filter is on.
    urls = {item.key: item.url for item in found}
    page = client.get(urls["undelivered"]).get_data(as_text=True)
    assert "x@example.org" in page and "y@example.org" not in page and "data-filter-on" in page
    page = client.get(urls["invitations"]).get_data(as_text=True)
    assert "Old Invite" in page and "New Invite" not in page and "data-filter-on" in page


def test_coordinator_counts_expense_claims_to_decide_never_their_own(app, client, login, people):
    from lms.expenses import services as expenses
    from lms.expenses.models import APPROVED
    from lms.matching.models import ContactLog
    from tests.access.expenses import make_contact

    me = people["coordinator"]
    assert "claims" not in _counts(app, _coordinator_items(app, me))
    mentor = people["trainee"]
    waiting = make_contact(mentor, me, minutes=60)
    decided = ContactLog(
        match_id=waiting.match_id,
        mentor_id=mentor.id,
        held_on=waiting.held_on,
        kind="phone",
        minutes=30,
        note="Phoned about the appointment.",
    )
    db.session.add(decided)
    db.session.commit()
    for contact in (waiting, decided):
        details = expenses.ClaimDetails("travel", 300, "Bus fare", 0)
        claim = expenses.submit(db.session, mentor, contact, details, uk_today())
    claim.status = APPROVED  # the second claim is already decided
    db.session.commit()
    found = _counts(app, _coordinator_items(app, me))
    assert found["claims"] == 1
    login("coordinator")
    page = client.get("/coordinator").get_data(as_text=True)
    assert "1 expense claim to approve or query" in page
    assert 'href="/expenses/claims"' in page


def test_an_admin_is_not_asked_to_decide_the_revocation_of_their_own_certificate(app, scheme):
    me = make_person("ada2@example.org", "Ada Holder", [Role.ADMIN, Role.TRAINEE], scheme)
    cert = make_mentor(me)
    proposer = make_person("a3@example.org", "Ada Three", [Role.ADMIN], None)
    third = make_person("a4@example.org", "Ada Four", [Role.ADMIN], None)
    db.session.add(
        RevocationProposal(certificate_id=cert.id, proposed_by_id=proposer.id, reason="x")
    )
    db.session.commit()
    _checked_today()
    assert "revocations" not in _counts(app, _admin_items(app, me))
    assert _counts(app, _admin_items(app, third))["revocations"] == 1


def test_supervision_due_for_an_unknown_scheme_is_a_page_not_an_error(client, login):
    login("admin")
    response = client.get("/matching/supervision?scheme=999999&due=1")
    assert response.status_code == 200
    assert "Traceback" not in response.get_data(as_text=True)
