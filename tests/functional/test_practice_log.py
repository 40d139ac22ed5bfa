"""Trainees log, change, withdraw, correct, print and export their supervised practice."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime, timedelta

import time_machine
from sqlalchemy import select

from lms.accounts.models import Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.practice import services
from lms.practice.models import CONFIRMED, PENDING, REJECTED, WITHDRAWN, PracticeEntry
from lms.ukdates import uk_today
from tests.conftest import csrf_token
from tests.factories import (
    PRACTICE_REFLECTION,
    joined_before,
    make_person,
    make_practice_entry,
    make_scheme,
    sign_off_entry,
)


def _form(people, **changes) -> dict:
    joined_before(people["trainee"])  # sessions may not predate joining the scheme
    data = {
        "session_date": (uk_today() - timedelta(days=2)).isoformat(),
        "duration": "90",
        "kind": "co_worked",
        "location": "Probation office, High Street",
        "supervisor": str(people["trainer"].id),
        "reflection": PRACTICE_REFLECTION,
    }
    data.update(changes)
    return data


def _post(client, path, data, form_page="/practice/new"):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, form_page)})


def _error_next_to(html: str, field: str) -> str:
    match = re.search(rf'<p id="{field}-error" class="govuk-error-message">(.*?)</p>', html, re.S)
    assert match, f"no error message next to {field}"
    return match.group(1)


def _actions(entry_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.subject_type == "practice_entry")
            .where(AuditEvent.subject_id == str(entry_id))
            .order_by(AuditEvent.id)
        )
    )


def test_trainee_logs_a_session_for_their_trainer_to_confirm(client, login, people):
    """A logged session is pending, names the trainer, and is in the audit trail."""
    trainee = login("trainee")
    response = _post(client, "/practice/new", _form(people))
    assert response.status_code == 302
    entry = db.session.scalars(select(PracticeEntry)).one()
    assert entry.status == PENDING and entry.person_id == trainee.id
    assert entry.supervisor_id == people["trainer"].id and entry.duration_minutes == 90
    assert entry.scheme_id == trainee.scheme_id
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action.like("practice.%"))).one()
    assert event.action == "practice.submitted" and event.actor_id == trainee.id
    assert event.scheme_id == trainee.scheme_id
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Session sent to Trainer to confirm." in page


def test_future_date_is_refused_next_to_the_field(client, login, people):
    """Tomorrow (UK time) cannot be logged."""
    login("trainee")
    tomorrow = (uk_today() + timedelta(days=1)).isoformat()
    page = _post(client, "/practice/new", _form(people, session_date=tomorrow)).get_data(
        as_text=True
    )
    assert "must be today or in the past" in _error_next_to(page, "session_date")
    assert "There is a problem" in page
    assert db.session.scalar(select(PracticeEntry.id)) is None


def test_today_means_the_uk_date_late_in_the_evening(client, login, people):
    """At 23:30 UTC in summer the UK date is already the next day, and that day may be logged."""
    with time_machine.travel(datetime(2027, 6, 1, 23, 30, tzinfo=UTC)):
        login("trainee")
        response = _post(client, "/practice/new", _form(people, session_date="2027-06-02"))
        assert response.status_code == 302
        later = _post(client, "/practice/new", _form(people, session_date="2027-06-03"))
        assert "must be today or in the past" in later.get_data(as_text=True)
    assert db.session.scalars(select(PracticeEntry)).one().session_date.isoformat() == "2027-06-02"


def test_duration_must_be_quarter_hours_up_to_twelve_hours(client, login, people):
    """20 minutes and 12 hours 15 minutes are refused with a message next to the field."""
    login("trainee")
    page = _post(client, "/practice/new", _form(people, duration="20")).get_data(as_text=True)
    assert "steps of 15 minutes" in _error_next_to(page, "duration")
    page = _post(client, "/practice/new", _form(people, duration="735")).get_data(as_text=True)
    assert "12 hours at most" in _error_next_to(page, "duration")
    page = _post(client, "/practice/new", _form(people, duration="abc")).get_data(as_text=True)
    assert "Choose how long" in _error_next_to(page, "duration")
    assert db.session.scalar(select(PracticeEntry.id)) is None


def test_short_reflection_is_refused_with_the_word_count(client, login, people):
    """The reflection needs 40 words; the hint says so and the error counts the words."""
    login("trainee")
    form_page = client.get("/practice/new").get_data(as_text=True)
    assert "Write at least 40 words" in form_page
    short = "I listened and learned a lot today."
    page = _post(client, "/practice/new", _form(people, reflection=short)).get_data(as_text=True)
    assert "at least 40 words about the session. You have written 7." in _error_next_to(
        page, "reflection"
    )


def test_only_active_trainers_of_the_trainees_own_scheme_are_offered(client, login, people):
    """Trainers of other schemes, deactivated trainers and the trainee themself are refused."""
    other = make_scheme("other", "Other Scheme")
    outsider = make_person("out@example.org", "Olive Outsider", [Role.TRAINER], other)
    gone = make_person("gone@example.org", "Gus Gone", [Role.TRAINER], people["trainee"].scheme)
    gone.active = False
    both = make_person(
        "both@example.org", "Bea Both", [Role.TRAINEE, Role.TRAINER], people["trainee"].scheme
    )
    db.session.commit()
    offered = {p.id for p in services.supervisors_for(db.session, people["trainee"])}
    assert offered == {people["trainer"].id, both.id}
    assert both.id not in {p.id for p in services.supervisors_for(db.session, both)}
    login("trainee")
    page = client.get("/practice/new").get_data(as_text=True)
    assert "Olive Outsider" not in page and "Gus Gone" not in page
    for bad in (outsider.id, gone.id, people["trainee"].id):
        page = _post(client, "/practice/new", _form(people, supervisor=str(bad))).get_data(
            as_text=True
        )
        assert "trainer from your scheme" in _error_next_to(page, "supervisor")
    assert db.session.scalar(select(PracticeEntry.id)) is None


def test_pending_entry_can_be_changed(client, login, people):
    """A trainee can change a pending entry; it stays pending and the change is audited."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    login("trainee")
    path = f"/practice/{entry.id}/edit"
    assert "Probation office" in client.get(path).get_data(as_text=True)
    response = _post(client, path, _form(people, duration="180"), form_page=path)
    assert response.status_code == 302
    db.session.refresh(entry)
    assert entry.duration_minutes == 180 and entry.status == PENDING
    assert _actions(entry.id) == ["practice.submitted", "practice.edited"]


def test_pending_entry_can_be_withdrawn_and_then_not_changed(client, login, people):
    """Withdrawing keeps the entry as withdrawn; it cannot then be edited or counted."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    login("trainee")
    response = _post(client, f"/practice/{entry.id}/withdraw", {}, f"/practice/{entry.id}")
    assert response.status_code == 302
    db.session.refresh(entry)
    assert entry.status == WITHDRAWN
    assert _actions(entry.id)[-1] == "practice.withdrawn"
    page = client.get(f"/practice/{entry.id}/edit", follow_redirects=True).get_data(as_text=True)
    assert "withdrawn, so it cannot be changed" in page
    assert services.totals(db.session, people["trainee"]).sessions == 0


def test_confirmed_entry_can_never_be_edited(client, login, people):
    """Once confirmed, both the edit page and a posted edit are refused with a clear message."""
    entry = make_practice_entry(people["trainee"], people["trainer"], status="confirmed")
    login("trainee")
    page = client.get(f"/practice/{entry.id}/edit", follow_redirects=True).get_data(as_text=True)
    assert "already confirmed this session, so it cannot be changed" in page
    token = csrf_token(client, "/practice/new")
    data = {**_form(people, duration="600"), "csrf_token": token}
    page = client.post(f"/practice/{entry.id}/edit", data=data, follow_redirects=True)
    assert "cannot be changed" in page.get_data(as_text=True)
    client.post(f"/practice/{entry.id}/withdraw", data={"csrf_token": token})
    db.session.refresh(entry)
    assert entry.status == CONFIRMED and entry.duration_minutes == 120


def test_edit_loses_to_a_confirmation_made_while_the_form_was_open(client, login, people):
    """The trainee opened the form, the trainer confirmed, the trainee's save is refused."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    login("trainee")
    path = f"/practice/{entry.id}/edit"
    token = csrf_token(client, path)
    services.confirm_entry(db.session, people["trainer"], entry)
    db.session.commit()
    data = {**_form(people, duration="600"), "csrf_token": token}
    page = client.post(path, data=data, follow_redirects=True).get_data(as_text=True)
    assert "already confirmed this session" in page
    db.session.refresh(entry)
    assert entry.status == CONFIRMED and entry.duration_minutes == 120


def test_update_is_a_conditional_update_on_the_status(app, people):
    """A stale copy of a pending entry cannot overwrite a decision made since it was read."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    db.session.execute(
        PracticeEntry.__table__.update()
        .where(PracticeEntry.id == entry.id)
        .values(status=CONFIRMED)
    )
    assert entry.status == PENDING  # the session still holds the stale copy
    details = services.EntryDetails(
        entry.session_date, 600, entry.kind, "Somewhere", PRACTICE_REFLECTION, entry.supervisor_id
    )
    try:
        services.update_entry(db.session, people["trainee"], entry, details)
    except services.StaleEntry as exc:
        assert "already confirmed" in exc.message
    else:
        raise AssertionError("a confirmed entry was changed")
    assert entry.duration_minutes == 120


def test_rejected_entry_is_corrected_and_sent_again_as_pending(client, login, people, outbox):
    """The reason shows on the form; sending again makes it pending and clears the decision."""
    entry = make_practice_entry(people["trainee"], people["trainer"], status="rejected")
    assert entry.status == REJECTED
    login("trainee")
    path = f"/practice/{entry.id}/edit"
    form_page = client.get(path).get_data(as_text=True)
    assert "Check the date." in form_page and "Correct and send again" in form_page
    response = _post(client, path, _form(people), form_page=path)
    assert response.status_code == 302
    db.session.refresh(entry)
    assert entry.status == PENDING
    assert entry.decided_by_id is None and entry.decision_reason is None
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "practice.resubmitted")
    ).one()
    assert event.details["previous_reason"] == "Check the date."


def test_trainees_see_only_their_own_entries(client, login, people):
    """Another trainee's entry is not found, whichever page is asked for."""
    other = make_person("t2@example.org", "Tia Two", [Role.TRAINEE], people["trainee"].scheme)
    entry = make_practice_entry(other, people["trainer"], location="Secret place")
    login("trainee")
    assert client.get(f"/practice/{entry.id}").status_code == 404
    assert client.get(f"/practice/{entry.id}/edit").status_code == 404
    token = csrf_token(client, "/practice/new")
    assert (
        client.post(f"/practice/{entry.id}/withdraw", data={"csrf_token": token}).status_code == 404
    )
    assert "Secret place" not in client.get("/practice/log.csv").get_data(as_text=True)
    assert "Secret place" not in client.get("/practice/").get_data(as_text=True)


def test_log_shows_only_confirmed_practice_against_the_needs(client, login, people):
    """Pending and rejected sessions do not count; observed counts only when passed."""
    trainee, trainer = people["trainee"], people["trainer"]
    make_practice_entry(trainee, trainer, minutes=600, status="confirmed")
    make_practice_entry(trainee, trainer, minutes=180, status="confirmed")
    observed = make_practice_entry(trainee, trainer, kind="observed", minutes=60)
    sign_off_entry(observed, trainer)
    not_yet = make_practice_entry(trainee, trainer, kind="observed", minutes=60)
    sign_off_entry(not_yet, trainer, outcome="not_yet", met=False)
    make_practice_entry(trainee, trainer, minutes=240)
    make_practice_entry(trainee, trainer, minutes=240, status="rejected")
    login("trainee")
    page = client.get("/practice/").get_data(as_text=True)
    assert "Confirmed hours: <strong>15 of 20</strong>" in page
    assert "Sessions: <strong>4 of 4</strong>" in page
    assert "Observed sessions passed: <strong>1 of 2</strong>" in page


def test_csv_export_of_the_trainees_log(client, login, people):
    """Every entry is a row; text cells cannot run as spreadsheet formulas."""
    make_practice_entry(people["trainee"], people["trainer"], location="=HYPERLINK(1)")
    make_practice_entry(people["trainee"], people["trainer"], status="confirmed", minutes=90)
    login("trainee")
    response = client.get("/practice/log.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["Date", "Type", "Minutes", "Duration"]
    assert len(rows) == 3
    by_status = {row[6]: row for row in rows[1:]}
    assert by_status["Waiting"][4] == "'=HYPERLINK(1)"
    assert by_status["Confirmed"][2] == "90" and by_status["Confirmed"][3] == "1 hour 30 minutes"
    assert by_status["Confirmed"][7] == "Trainer"
    assert by_status["Confirmed"][11].startswith("I went with my trainer")


def test_print_page_has_the_whole_log(client, login, people):
    """The printable log shows the totals and every session with its reflection."""
    make_practice_entry(people["trainee"], people["trainer"], status="confirmed")
    login("trainee")
    page = client.get("/practice/print").get_data(as_text=True)
    assert "Practice log: Trainee" in page
    assert "Confirmed hours: <strong>2 of 20</strong>" in page
    assert "I learned to slow down" in page


def test_practice_totals_follow_the_core_certificate_definition(client, login):
    """The needs shown on the practice log come from the core certificate's definition."""
    from tests.factories import make_definition

    make_definition(min_hours=7, min_sessions=3, min_observed=1)
    login("trainee")
    page = client.get("/practice/").get_data(as_text=True)
    assert "of 7" in page and "of 3" in page
