"""Trainers confirm, reject and sign off practice; staff list and export their scheme's entries."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import func, select

from lms.accounts.duties import OwnRecord
from lms.accounts.models import Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.practice import services
from lms.practice.checklist import OBSERVATION_CHECKLIST
from lms.practice.models import CONFIRMED, PENDING, REJECTED, ObservationSignoff, PracticeEntry
from lms.ukdates import uk_today
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    PRACTICE_REFLECTION,
    make_person,
    make_practice_entry,
    make_scheme,
    sign_off_entry,
)


def _page_form(client, path: str) -> dict[str, str]:
    """The CSRF token and the 'seen' time from a page's form."""
    html = client.get(path).get_data(as_text=True)
    seen = re.search(r'name="seen" type="hidden" value="([^"]+)"', html)
    return {"csrf_token": csrf_token(client, path), "seen": seen.group(1) if seen else ""}


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _decide(client, entry, **data):
    path = f"/practice/review/{entry.id}"
    return client.post(path, data={**_page_form(client, path), **data})


def test_queue_lists_entries_waiting_for_this_trainer_oldest_first(client, login, people):
    """Only pending entries naming this trainer show, the longest-waiting first."""
    trainee, trainer = people["trainee"], people["trainer"]
    second_trainee = make_person("t2@example.org", "Tia Two", [Role.TRAINEE], trainee.scheme)
    colleague = make_person("tr2@example.org", "Colin Colleague", [Role.TRAINER], trainee.scheme)
    make_practice_entry(second_trainee, trainer, location="First logged")
    make_practice_entry(trainee, trainer, location="Second logged")
    make_practice_entry(trainee, colleague, location="For someone else")
    make_practice_entry(trainee, trainer, status="confirmed", location="Already done")
    login("trainer")
    page = client.get("/practice/queue").get_data(as_text=True)
    assert "2 waiting" in page
    assert page.index("Tia Two") < page.index(">Trainee</a>")
    assert "Colin" not in page


def test_named_trainer_confirms_with_audit_and_email(client, login, people, outbox):
    """Confirming records who, when and why, and emails the trainee."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    trainer = login("trainer")
    response = _decide(client, entry, decision="confirm", reason="Well done.")
    assert response.status_code == 302
    db.session.refresh(entry)
    assert entry.status == CONFIRMED and entry.decided_by_id == trainer.id
    assert entry.decided_at is not None and entry.decision_reason == "Well done."
    (event,) = _events("practice.confirmed")
    assert event.actor_id == trainer.id and event.reason == "Well done."
    assert event.subject_type == "practice_entry" and event.subject_id == str(entry.id)
    assert event.scheme_id == entry.scheme_id
    (message,) = outbox
    assert message.to == [people["trainee"].email]
    assert "confirmed" in message.subject and f"/practice/{entry.id}" in message.body
    assert "Well done." not in message.body  # the comments are on the site, not in the email


def test_rejecting_needs_a_reason_shown_next_to_the_field(client, login, people, outbox):
    """No reason: the error sits by the reason box and nothing changes."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    login("trainer")
    page = _decide(client, entry, decision="reject", reason="  ").get_data(as_text=True)
    assert re.search(r'id="reason-error"[^>]*>.*Say why you are sending it back', page, re.S)
    db.session.refresh(entry)
    assert entry.status == PENDING and not outbox


def test_rejecting_sends_it_back_with_the_reason_on_the_site_not_in_the_email(
    client, login, people, outbox
):
    """The email says it needs a change and links to the entry, where the trainee reads why;
    the audit trail keeps the reason."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    login("trainer")
    _decide(client, entry, decision="reject", reason="You wrote the wrong date.")
    db.session.refresh(entry)
    assert entry.status == REJECTED and entry.decision_reason == "You wrote the wrong date."
    assert _events("practice.rejected")[0].reason == "You wrote the wrong date."
    (message,) = outbox
    assert "needs a change" in message.body and "wrong date" not in message.body
    link = f"http://lms.test/practice/{entry.id}"
    assert link in message.body
    trainee = client.application.test_client()
    sign_in(trainee, people["trainee"].email)
    assert "You wrote the wrong date." in trainee.get(link.removeprefix("http://lms.test")).text


def test_only_the_named_trainer_may_decide(client, people, outbox):
    """Another trainer of the same scheme sees the entry but cannot confirm it."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    make_person("tr2@example.org", "Colin Colleague", [Role.TRAINER], people["trainee"].scheme)
    sign_in(client, "tr2@example.org")
    page = client.get(f"/practice/review/{entry.id}").get_data(as_text=True)
    assert "Only the trainer named on the session can confirm it" in page
    response = _decide(client, entry, decision="confirm")
    assert "the trainer named on this session" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    db.session.refresh(entry)
    assert entry.status == PENDING and not outbox and not _events("practice.confirmed")


def test_nobody_confirms_their_own_practice(app, people):
    """Even holding both roles and named as supervisor, a person cannot confirm their own."""
    both = make_person(
        "both@example.org", "Bea Both", [Role.TRAINEE, Role.TRAINER], people["trainee"].scheme
    )
    entry = PracticeEntry(
        person_id=both.id,
        scheme_id=both.scheme_id,
        supervisor_id=both.id,
        session_date=uk_today(),
        duration_minutes=60,
        kind="shadowing",
        location="Somewhere",
        reflection=PRACTICE_REFLECTION,
    )
    db.session.add(entry)
    db.session.commit()
    with pytest.raises(OwnRecord, match="own practice"):
        services.confirm_entry(db.session, both, entry)
    with pytest.raises(OwnRecord, match="own practice"):
        services.reject_entry(db.session, both, entry, "No")
    assert services.queue(db.session, both) == []


def test_double_submit_confirms_once(client, login, people, outbox):
    """A second confirmation is refused with a message; one event, one email."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    login("trainer")
    path = f"/practice/review/{entry.id}"
    form = _page_form(client, path)
    client.post(path, data={**form, "decision": "confirm"})
    second = client.post(path, data={**form, "decision": "reject", "reason": "x"})
    page = client.get(second.headers["Location"]).get_data(as_text=True)
    assert "already been confirmed. Nothing was changed." in page
    db.session.refresh(entry)
    assert entry.status == CONFIRMED
    assert len(_events("practice.confirmed")) == 1 and not _events("practice.rejected")
    assert len(outbox) == 1


def test_decision_refused_if_the_trainee_changed_the_entry_after_the_page_opened(
    client, login, people
):
    """The trainer only confirms details they have seen."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    login("trainer")
    path = f"/practice/review/{entry.id}"
    form = _page_form(client, path)
    details = services.EntryDetails(
        entry.session_date, 600, entry.kind, "Elsewhere", PRACTICE_REFLECTION, entry.supervisor_id
    )
    services.update_entry(db.session, people["trainee"], entry, details)
    db.session.commit()
    response = client.post(path, data={**form, "decision": "confirm"})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "changed this session after you opened it" in page
    db.session.refresh(entry)
    assert entry.status == PENDING
    assert client.post(path, data={**_page_form(client, path), "decision": "confirm"})
    db.session.refresh(entry)
    assert entry.status == CONFIRMED and entry.duration_minutes == 600


def test_bulk_confirm(client, login, people, outbox):
    """Several entries are confirmed with one button; ones already decided are reported."""
    trainee, trainer = people["trainee"], people["trainer"]
    first = make_practice_entry(trainee, trainer)
    second = make_practice_entry(trainee, trainer)
    done = make_practice_entry(trainee, trainer, status="confirmed")
    untouched = make_practice_entry(trainee, trainer)
    outbox.clear()  # the factory's confirmation told the trainee too; count the page's emails
    login("trainer")
    form = _page_form(client, "/practice/queue")
    ids = [str(first.id), str(second.id), str(done.id)]
    response = client.post("/practice/queue/confirm", data={**form, "entries": ids})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "2 sessions confirmed." in page and "already been confirmed" in page
    statuses = dict(db.session.execute(select(PracticeEntry.id, PracticeEntry.status)).all())
    assert statuses[first.id] == statuses[second.id] == CONFIRMED
    assert statuses[untouched.id] == PENDING
    assert len(_events("practice.confirmed")) == 3  # the two here, plus the factory's
    assert len(outbox) == 2


def test_bulk_confirm_needs_a_choice_and_skips_other_schemes(client, login, people):
    """Nothing chosen gets a message; another scheme's id is refused as not found."""
    other = make_scheme("other", "Other Scheme")
    their_trainee = make_person("ot@example.org", "Otto", [Role.TRAINEE], other)
    their_trainer = make_person("otr@example.org", "Orla", [Role.TRAINER], other)
    theirs = make_practice_entry(their_trainee, their_trainer)
    login("trainer")
    form = _page_form(client, "/practice/queue")
    page = client.post("/practice/queue/confirm", data=form, follow_redirects=True)
    assert "Choose at least one session" in page.get_data(as_text=True)
    data = {**form, "entries": [str(theirs.id)]}
    page = client.post("/practice/queue/confirm", data=data, follow_redirects=True)
    assert "could not be found" in page.get_data(as_text=True)
    db.session.refresh(theirs)
    assert theirs.status == PENDING


def _checklist(met: str = "yes") -> dict[str, str]:
    data = {f"met_{item.id}": met for item in OBSERVATION_CHECKLIST}
    data[f"comment_{OBSERVATION_CHECKLIST[0].id}"] = "Clear about lifts and money."
    return data


def test_observed_session_is_signed_off_not_plainly_confirmed(client, login, people, outbox):
    """Confirming an observed session asks for the checklist; signing off confirms the hours."""
    entry = make_practice_entry(people["trainee"], people["trainer"], kind="observed", minutes=90)
    trainer = login("trainer")
    response = _decide(client, entry, decision="confirm")
    assert "signed off with the checklist" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    path = f"/practice/review/{entry.id}/sign-off"
    page = client.get(path).get_data(as_text=True)
    for item in OBSERVATION_CHECKLIST:
        assert item.text in page
    data = {**_page_form(client, path), **_checklist(), "outcome": "passed", "comments": "Good."}
    assert client.post(path, data=data).status_code == 302
    db.session.refresh(entry)
    assert entry.status == CONFIRMED and entry.decided_by_id == trainer.id
    signoff = db.session.scalars(select(ObservationSignoff)).one()
    assert signoff.outcome == "passed" and signoff.observer_id == trainer.id
    assert [row["id"] for row in signoff.checklist] == [i.id for i in OBSERVATION_CHECKLIST]
    assert signoff.checklist[0]["comment"] == "Clear about lifts and money."
    (event,) = _events("practice.signed_off")
    assert event.details["outcome"] == "passed" and event.reason == "Good."
    (message,) = outbox
    assert "Observation outcome: Passed" in message.body
    assert "Good." not in message.body and "Clear about lifts" not in message.body
    totals = services.totals(db.session, people["trainee"])
    assert (totals.minutes, totals.sessions, totals.observed_passed) == (90, 1, 1)


def test_sign_off_rules(client, login, people, outbox):
    """Every item needs an answer; passing needs every item met; not yet needs comments."""
    entry = make_practice_entry(people["trainee"], people["trainer"], kind="observed")
    login("trainer")
    path = f"/practice/review/{entry.id}/sign-off"
    form = _page_form(client, path)
    page = client.post(path, data={**form, "outcome": "passed"}).get_data(as_text=True)
    assert "Say whether this was met: keeps boundaries" in page
    mixed = {**_checklist(), f"met_{OBSERVATION_CHECKLIST[2].id}": "no"}
    page = client.post(path, data={**form, **mixed, "outcome": "passed"}).get_data(as_text=True)
    assert re.search(r'id="outcome-error".*only pass when every item is met', page, re.S)
    page = client.post(path, data={**form, **mixed, "outcome": "not_yet"}).get_data(as_text=True)
    assert re.search(r'id="comments-error".*needs to work on', page, re.S)
    db.session.refresh(entry)
    assert entry.status == PENDING
    data = {**form, **mixed, "outcome": "not_yet", "comments": "Agree confidentiality first."}
    assert client.post(path, data=data).status_code == 302
    totals = services.totals(db.session, people["trainee"])
    assert totals.sessions == 1 and totals.observed_passed == 0
    assert "has not passed yet" in outbox[0].body
    assert "Agree confidentiality" not in outbox[0].body
    assert client.get(path).status_code == 302  # already decided: back to the entry


def test_trainer_of_another_scheme_gets_404(client, people):
    """Scheme isolation: another scheme's trainer and coordinator cannot see or act."""
    entry = make_practice_entry(people["trainee"], people["trainer"], kind="observed")
    other = make_scheme("other", "Other Scheme")
    make_person("otr@example.org", "Orla Other", [Role.TRAINER], other)
    make_person("oco@example.org", "Oz Other", [Role.COORDINATOR], other)
    sign_in(client, "otr@example.org")
    token = csrf_token(client, "/practice/queue")
    assert client.get(f"/practice/review/{entry.id}").status_code == 404
    data = {"csrf_token": token, "decision": "confirm"}
    assert client.post(f"/practice/review/{entry.id}", data=data).status_code == 404
    assert client.get(f"/practice/review/{entry.id}/sign-off").status_code == 404
    assert "No practice entries match." in client.get("/practice/scheme").get_data(as_text=True)
    assert people["trainee"].email not in client.get("/practice/scheme.csv").get_data(as_text=True)
    client.post("/sign-out", data={"csrf_token": token})
    sign_in(client, "oco@example.org")
    assert client.get(f"/practice/review/{entry.id}").status_code == 404
    db.session.refresh(entry)
    assert entry.status == PENDING


def test_scheme_export_filters_by_status_and_trainee(client, login, people):
    """Staff export their scheme's entries as CSV, filtered; admins see every scheme."""
    trainee, trainer = people["trainee"], people["trainer"]
    second = make_person("t2@example.org", "Tia Two", [Role.TRAINEE], trainee.scheme)
    make_practice_entry(trainee, trainer, status="confirmed", location="Gate")
    make_practice_entry(trainee, trainer, location="Cafe")
    make_practice_entry(second, trainer, status="confirmed", location="Library")
    login("coordinator")
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/practice/scheme.csv", query_string={"status": "confirmed"}).get_data(
                    as_text=True
                )
            )
        )
    )
    assert rows[0][:4] == ["Trainee", "Email", "Scheme", "Date"]
    assert sorted(row[7] for row in rows[1:]) == ["Gate", "Library"]
    query = {"status": "confirmed", "trainee": second.id}
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/practice/scheme.csv", query_string=query).get_data(as_text=True)
            )
        )
    )
    assert [row[1] for row in rows[1:]] == ["t2@example.org"]
    page = client.get("/practice/scheme", query_string={"trainee": second.id}).get_data(
        as_text=True
    )
    assert "Library" not in page and "Tia Two" in page
    assert page.count("govuk-tag--green") == 1


def test_admin_sees_every_schemes_entries(client, login, people):
    """Admins are not limited to one scheme."""
    other = make_scheme("other", "Other Scheme")
    their_trainee = make_person("ot@example.org", "Otto Other", [Role.TRAINEE], other)
    their_trainer = make_person("otr@example.org", "Orla Other", [Role.TRAINER], other)
    entry = make_practice_entry(their_trainee, their_trainer)
    login("admin")
    assert client.get(f"/practice/review/{entry.id}").status_code == 200
    assert "ot@example.org" in client.get("/practice/scheme.csv").get_data(as_text=True)


def test_each_decision_is_audited_once(app, people):
    """Submit, edit, confirm, reject, resubmit, withdraw and sign-off each write one event."""
    trainee, trainer = people["trainee"], people["trainer"]
    rejected = make_practice_entry(trainee, trainer, status="rejected")
    make_practice_entry(trainee, trainer, status="confirmed")
    observed = make_practice_entry(trainee, trainer, kind="observed")
    sign_off_entry(observed, trainer)
    services.withdraw_entry(db.session, trainee, rejected)
    db.session.commit()
    counts = dict(
        db.session.execute(
            select(AuditEvent.action, func.count())
            .where(AuditEvent.subject_type == "practice_entry")
            .group_by(AuditEvent.action)
        ).all()
    )
    assert counts == {
        "practice.submitted": 3,
        "practice.rejected": 1,
        "practice.confirmed": 1,
        "practice.signed_off": 1,
        "practice.withdrawn": 1,
    }
