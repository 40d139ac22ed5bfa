"""A trainer records an observed session with its checklist (issue 17 review, defect 6): a
trainee told to ask their trainer to record a session older than they may log has a path for
observed sessions too. Recording one signs it off as signing off a logged one does: the
checklist saved in order, the outcome counted, audited, the trainee told."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.notifications.models import Notification
from lms.practice import recorded, services
from lms.practice.checklist import OBSERVATION_CHECKLIST
from lms.practice.models import CONFIRMED, ObservationSignoff, PracticeEntry
from lms.practice.observation import ItemResult, Observation
from lms.ukdates import uk_today
from tests.conftest import csrf_token
from tests.factories import PRACTICE_REFLECTION

TODAY = date(2026, 11, 28)
OLD = TODAY - timedelta(days=100)  # too old for the trainee to log (60 days)
JOINED = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)


@pytest.fixture
def trainee(people):
    person = people["trainee"]
    person.created_at = person.joined_scheme_at = JOINED
    db.session.commit()
    return person


def _details(day: date = OLD, kind: str = "observed") -> services.EntryDetails:
    return services.EntryDetails(
        session_date=day,
        duration_minutes=90,
        kind=kind,
        location="HMP Example visits hall",
        reflection=PRACTICE_REFLECTION,
        supervisor_id=None,
    )


def _all_met(**unmet: bool) -> dict[str, ItemResult]:
    return {
        item.id: ItemResult(met=unmet.get(item.id, True), comment=f"Seen: {item.id}")
        for item in OBSERVATION_CHECKLIST
    }


def _record(people, trainee, observation, details=None):
    return recorded.record_for_trainee(
        db.session, people["trainer"], trainee, details or _details(), TODAY, observation
    )


def _refused(people, trainee, observation, details=None) -> dict[str, str]:
    with pytest.raises(services.InvalidEntry) as refused:
        _record(people, trainee, observation, details)
    db.session.rollback()
    assert db.session.scalars(select(PracticeEntry)).all() == []
    return refused.value.problems


def test_the_trainee_is_sent_to_the_trainer_who_records_it_signed_off(people, trainee, outbox):
    with pytest.raises(services.InvalidEntry) as refused:
        services.log_entry(
            db.session, trainee, replace(_details(), supervisor_id=people["trainer"].id), TODAY
        )
    db.session.rollback()
    assert "ask your trainer to record an older session" in refused.value.problems["session_date"]

    entry = _record(people, trainee, Observation(_all_met(), "passed", "Calm and clear."))
    db.session.commit()
    trainer = people["trainer"]
    assert (entry.status, entry.session_date, entry.kind) == (CONFIRMED, OLD, "observed")
    assert entry.supervisor_id == entry.decided_by_id == trainer.id
    signoff = db.session.scalars(select(ObservationSignoff)).one()
    assert (signoff.entry_id, signoff.observer_id, signoff.outcome) == (
        entry.id,
        trainer.id,
        "passed",
    )
    assert signoff.comments == "Calm and clear."
    assert [row["id"] for row in signoff.checklist] == [i.id for i in OBSERVATION_CHECKLIST]
    assert signoff.checklist[0] == {
        "id": "boundaries",
        "item": "Keeps boundaries",
        "met": True,
        "comment": "Seen: boundaries",
    }
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "practice.recorded")
    ).one()
    assert (event.actor_id, event.subject_id, event.reason) == (
        trainer.id,
        str(entry.id),
        "Calm and clear.",
    )
    assert (event.details["outcome"], event.details["items_met"]) == ("passed", "6/6")
    told = db.session.scalars(select(Notification).where(Notification.person_id == trainee.id))
    assert [n.kind for n in told] == ["practice-decided"]
    (message,) = outbox
    assert "Observation outcome: Passed" in message.body
    totals = services.totals(db.session, trainee)
    assert (totals.minutes, totals.sessions, totals.observed_passed) == (90, 1, 1)


def test_not_yet_counts_the_hours_but_not_the_observation(people, trainee):
    found = Observation(_all_met(signposting=False), "not_yet", "Signpost to housing first.")
    entry = _record(people, trainee, found)
    db.session.commit()
    assert entry.decision_reason == "Signpost to housing first."
    signoff = db.session.scalars(select(ObservationSignoff)).one()
    assert signoff.outcome == "not_yet"
    assert [row["met"] for row in signoff.checklist] == [True, True, True, False, True, True]
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "practice.recorded"))
    assert event.one().details["items_met"] == "5/6"
    totals = services.totals(db.session, trainee)
    assert (totals.sessions, totals.observed_passed) == (1, 0)


def test_the_checklist_rules_are_the_sign_offs(people, trainee):
    """Every item answered, a pass only with every item met, comments when not yet; every
    problem named at once, with the session's own (here: before the trainee joined)."""
    problems = _refused(people, trainee, None, _details(day=date(2025, 6, 1)))
    assert problems["session_date"].startswith("The session cannot be before Trainee joined")
    assert problems["met_boundaries"] == "Say whether this was met: keeps boundaries"
    assert {f"met_{item.id}" for item in OBSERVATION_CHECKLIST} <= set(problems)
    assert problems["outcome"] == "Choose whether the session passed"
    partial = {k: v for k, v in _all_met().items() if k != "signposting"}
    assert set(_refused(people, trainee, Observation(partial, "not_yet", "x"))) == {
        "met_signposting"
    }
    unmet = Observation(_all_met(boundaries=False), "passed")
    assert _refused(people, trainee, unmet)["outcome"].startswith(
        "A session can only pass when every item is met"
    )
    assert _refused(people, trainee, Observation(_all_met(), "not_yet", "  ")) == {
        "comments": "Say what the trainee needs to work on before their next observed session"
    }
    assert db.session.scalars(select(ObservationSignoff)).all() == []


def test_other_kinds_have_no_checklist(people, trainee):
    entry = _record(people, trainee, None, _details(kind="co_worked"))
    db.session.commit()
    assert entry.status == CONFIRMED and entry.observation is None
    assert db.session.scalars(select(ObservationSignoff)).all() == []


def _form(client, trainee, **more) -> dict[str, str]:
    return {
        "trainee": str(trainee.id),
        "session_date": (uk_today() - timedelta(days=100)).isoformat(),
        "duration": "90",
        "kind": "observed",
        "pathway": "none",
        "location": "HMP Example visits hall",
        "reflection": PRACTICE_REFLECTION,
        "csrf_token": csrf_token(client, "/practice/record"),
        **more,
    }


def test_the_record_page_takes_the_checklist(client, login, people, trainee):
    login("trainer")
    page = client.get("/practice/record").get_data(as_text=True)
    for item in OBSERVATION_CHECKLIST:
        assert f'name="met_{item.id}"' in page and item.text in page
    page = client.post("/practice/record", data=_form(client, trainee)).get_data(as_text=True)
    assert "There is a problem" in page
    assert 'id="met_boundaries-error"' in page and 'id="outcome-error"' in page
    assert db.session.scalars(select(PracticeEntry)).all() == []
    checklist = {f"met_{item.id}": "yes" for item in OBSERVATION_CHECKLIST}
    data = _form(client, trainee, outcome="passed", comments="", **checklist)
    response = client.post("/practice/record", data=data)
    assert response.headers["Location"] == "/practice/queue"
    flashed = client.get("/practice/queue").get_data(as_text=True)
    assert "Session recorded and signed off for Trainee." in flashed
    entry = db.session.scalars(select(PracticeEntry)).one()
    assert (entry.kind, entry.status) == ("observed", CONFIRMED)
    assert entry.observation.outcome == "passed"


def test_the_checklist_is_left_empty_for_other_kinds(client, login, people, trainee):
    login("trainer")
    response = client.post("/practice/record", data=_form(client, trainee, kind="shadowing"))
    assert response.headers["Location"] == "/practice/queue"
    entry = db.session.scalars(select(PracticeEntry)).one()
    assert (entry.kind, entry.observation) == ("shadowing", None)
