"""Oral answers: a trainer records a scenario answered out loud, marked against the rubric; it
counts as an attempt like a written one, is audited as oral and can be second-marked."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from lms.accounts.duties import OwnRecord
from lms.accounts.models import Role
from lms.assessment import oral, services
from lms.assessment.models import ScenarioMark, ScenarioSubmission
from lms.audit.models import AuditEvent
from lms.certificates.eligibility import evaluate
from lms.extensions import db
from lms.ukdates import uk_today
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    make_definition,
    make_module,
    make_person,
    make_scenario,
    make_scheme,
    submit_answer,
)

SETTINGS = services.Settings(claim_minutes=60, max_attempts=3)
NOTES = (
    "She said she would not lend Dean the money because it is against the scheme's rules, "
    "that she would ring her coordinator the same day, and that she would help Dean ask the "
    "Jobcentre about an advance."
)


@pytest.fixture
def scenario(app):
    return make_scenario(make_module("sample"))


def _marks(*met):
    return [services.CriterionMark(m, "") for m in met]


def _answer(channel="in_person", on=None, notes=NOTES):
    return oral.OralAnswer(channel=channel, oral_on=on or uk_today(), notes=notes)


def _record(trainer, trainee, scenario, answer=None, outcome="pass", met=(True, True, True)):
    sub = oral.record_oral(
        db.session,
        trainer,
        trainee,
        scenario,
        scenario.module_version.module,
        answer or _answer(),
        _marks(*met),
        outcome,
        "You explained it clearly.",
        settings=SETTINGS,
    )
    db.session.commit()
    return sub


def _form(on: date | None = None, **extra):
    data = {
        "channel": "phone",
        "oral_on": (on or uk_today()).isoformat(),
        "notes": NOTES,
        "met_0": "yes",
        "met_1": "yes",
        "met_2": "yes",
        "comment_1": "Rang the coordinator straight away.",
        "outcome": "pass",
        "feedback": "A clear answer.",
    }
    data.update(extra)
    return data


def test_trainer_records_an_oral_answer_through_the_site(client, login, people, scenario, outbox):
    """From the queue to the chooser to the form: saved as a marked oral attempt with the
    trainer's first mark, audited as oral with the channel, and the trainee is told."""
    trainee = people["trainee"]
    login("trainer")
    queue = client.get("/assessment/queue").get_data(as_text=True)
    assert 'href="/assessment/oral"' in queue
    chooser = client.get("/assessment/oral").get_data(as_text=True)
    assert trainee.name in chooser and "A request for money" in chooser
    picked = client.get(f"/assessment/oral?person={trainee.id}&scenario=sample/money")
    url = picked.headers["Location"]
    assert url.endswith(f"/assessment/oral/{trainee.id}/sample/money")
    page = client.get(url).get_data(as_text=True)
    assert 'govuk-radios__hint">Leaves Dean with nowhere to turn.' in page
    assert "Calibration: example answers" in page
    response = client.post(url, data={**_form(), "csrf_token": csrf_token(client, url)})
    assert response.status_code == 302
    db.session.expire_all()
    sub = db.session.scalars(select(ScenarioSubmission)).one()
    assert (sub.mode, sub.status, sub.outcome, sub.attempt_number) == ("oral", "marked", "pass", 1)
    assert sub.oral_channel == "phone" and sub.oral_on == uk_today() and sub.answer == NOTES
    mark = db.session.scalars(select(ScenarioMark)).one()
    assert (mark.kind, mark.marker_id) == ("first", people["trainer"].id)
    assert mark.criteria[1]["comment"] == "Rang the coordinator straight away."
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "scenario.marked")
    ).one()
    assert event.details["mode"] == "oral" and event.details["channel"] == "phone"
    assert event.actor_id == people["trainer"].id
    (email,) = outbox
    assert email.to == [trainee.email] and "out loud" in email.body
    shown = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The oral answer" in shown and "by phone" in shown


def test_chooser_says_what_is_missing(client, login, scenario):
    """Choosing nothing shows an error summary, not a 500 or a redirect."""
    login("trainer")
    page = client.get("/assessment/oral?person=&scenario=")
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and "There is a problem" in text
    assert "Choose the trainee who answered" in text and "Choose the scenario" in text


def test_an_oral_pass_counts_for_eligibility(app, people, scenario):
    """Eligibility reads the outcome: an oral pass makes the scenario count."""
    definition = make_definition(modules=(), min_hours=0, min_sessions=0, min_observed=0)
    definition.requirements = {**definition.requirements, "vetting_level": None}
    db.session.commit()

    def scenarios_met() -> bool:
        result = evaluate(db.session, people["trainee"], definition, uk_today())
        return next(i for i in result.items if i.code == "scenarios").met

    assert not scenarios_met()
    _record(people["trainer"], people["trainee"], scenario)
    assert scenarios_met()


def test_nobody_records_an_oral_answer_for_themselves(client, people, scenario):
    """A trainer who is also a trainee is refused, in the service and on the page."""
    both = make_person(
        "both@example.org", "Bo Both", [Role.TRAINEE, Role.TRAINER], people["trainee"].scheme
    )
    with pytest.raises(OwnRecord, match="own answer"):
        _record(both, both, scenario)
    sign_in(client, both.email)
    assert client.get(f"/assessment/oral/{both.id}/sample/money").status_code == 403
    assert f'value="{both.id}"' not in client.get("/assessment/oral").get_data(as_text=True)


def test_trainee_of_another_scheme_is_not_found(app, client, people, scenario):
    """Another scheme's trainee is refused by the service and answers 404 on the page."""
    other = make_scheme("other", "Other")
    outsider = make_person("out@example.org", "Olly Outsider", [Role.TRAINEE], other)
    with pytest.raises(services.AssessmentError, match="your own scheme"):
        _record(people["trainer"], outsider, scenario)
    sign_in(client, people["trainer"].email)
    assert client.get(f"/assessment/oral/{outsider.id}/sample/money").status_code == 404
    assert "Olly Outsider" not in client.get("/assessment/oral").get_data(as_text=True)
    admin = app.test_client()
    sign_in(admin, people["admin"].email)
    assert "Olly Outsider (Other)" in admin.get("/assessment/oral").get_data(as_text=True)


def test_dates_and_notes_are_checked(client, login, people, scenario):
    """A future date, a date before the account, missing or thin notes: clear field errors."""
    trainee = people["trainee"]
    login("trainer")
    url = f"/assessment/oral/{trainee.id}/sample/money"
    tomorrow = uk_today() + timedelta(days=1)
    page = client.post(url, data={**_form(tomorrow), "csrf_token": csrf_token(client, url)})
    text = page.get_data(as_text=True)
    assert page.status_code == 400 and "There is a problem" in text
    assert "must be today or in the past" in text
    before = trainee.created_at.date() - timedelta(days=3)
    text = client.post(
        url, data={**_form(before), "notes": "", "csrf_token": csrf_token(client, url)}
    ).get_data(as_text=True)
    assert "before Trainee&#39;s account was made" in text and "Write your notes" in text
    text = client.post(
        url, data={**_form(), "notes": "Said no.", "csrf_token": csrf_token(client, url)}
    ).get_data(as_text=True)
    assert "Your notes have 2 words" in text
    text = client.post(
        url, data={**_form(), "oral_on": "31/2/2026", "csrf_token": csrf_token(client, url)}
    ).get_data(as_text=True)
    assert "Enter a real date" in text
    assert db.session.scalars(select(ScenarioSubmission)).all() == []
    with pytest.raises(services.AssessmentError, match="today or in the past") as caught:
        _record(people["trainer"], trainee, scenario, _answer(on=tomorrow))
    assert caught.value.field == "oral_on"
    with pytest.raises(services.AssessmentError, match="evidence"):
        _record(people["trainer"], trainee, scenario, _answer(notes="   "))


def test_an_answer_waiting_for_a_mark_comes_first(client, login, people, scenario):
    """With a written answer waiting, the trainer is sent to mark it instead."""
    submit_answer(people["trainee"], scenario)
    with pytest.raises(services.AssessmentError, match="waiting to be marked"):
        _record(people["trainer"], people["trainee"], scenario)
    db.session.rollback()  # as the request that was refused does
    login("trainer")
    page = client.get(f"/assessment/oral/{people['trainee'].id}/sample/money")
    assert "waiting to be marked" in page.get_data(as_text=True)
    assert 'name="notes"' not in page.get_data(as_text=True)


def test_attempt_rules_apply_to_oral_answers(app, people, scenario):
    """Referred oral answers use up attempts; after a pass, or the last attempt, none more."""
    trainee, trainer = people["trainee"], people["trainer"]
    for attempt in (1, 2, 3):
        sub = _record(trainer, trainee, scenario, outcome="refer", met=(False, True, True))
        assert sub.attempt_number == attempt
    with pytest.raises(services.AssessmentError, match="used all 3 attempts"):
        _record(trainer, trainee, scenario)
    allowed, reason = services.can_write(services.attempts(db.session, trainee, "money"), SETTINGS)
    assert not allowed and "used all 3 attempts" in reason
    other = make_person("o@example.org", "Oona", [Role.TRAINEE], trainee.scheme)
    _record(trainer, other, scenario)
    with pytest.raises(services.AssessmentError, match="already passed"):
        _record(trainer, other, scenario)
    with pytest.raises(services.AssessmentError, match="passed"):
        submit_answer(other, scenario)


def test_a_draft_is_kept_and_goes_after_the_oral_answer(app, client, login, people, scenario):
    """An oral answer over an unsent draft takes the next attempt number (shown on the page,
    audited, seen by the trainee); the draft keeps its text and moves after it, and when sent
    it is the next attempt, so no attempt number is skipped."""
    trainee = people["trainee"]
    draft = services.save_answer(
        db.session,
        trainee,
        scenario,
        scenario.module_version.module,
        "My draft so far",
        submit=False,
        settings=SETTINGS,
    )
    db.session.commit()
    login("trainer")
    notice = client.get(f"/assessment/oral/{trainee.id}/sample/money").get_data(as_text=True)
    assert "unsent written draft" in notice and "attempt 1" in notice
    oral_sub = _record(
        people["trainer"], trainee, scenario, outcome="refer", met=(False, True, True)
    )
    db.session.refresh(draft)
    assert (draft.status, draft.answer, draft.attempt_number) == ("draft", "My draft so far", 2)
    assert oral_sub.attempt_number == 1
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "scenario.marked")
    ).one()
    assert event.details["attempt"] == 1
    mine = app.test_client()
    sign_in(mine, trainee.email)
    page = mine.get("/assessment/sample/money").get_data(as_text=True)
    assert "My draft so far" in page and "What you said (attempt 1, out loud)" in page
    sent = submit_answer(trainee, scenario, " ".join(["word"] * 90))
    assert sent.id == draft.id and sent.attempt_number == 2 and sent.status == "submitted"


def test_an_oral_answer_can_be_second_marked(app, people, scenario):
    """A lead trainer samples oral answers like written ones; a disagreement flags it."""
    lead = make_person("lead@example.org", "Lee Lead", [Role.TRAINER], people["trainee"].scheme)
    lead.lead_trainer = True
    sub = _record(people["trainer"], people["trainee"], scenario)
    from lms.assessment import disagreements

    assert [s.id for s in db.session.scalars(disagreements.sample_pool(lead))] == [sub.id]
    services.second_mark(db.session, lead, sub, _marks(False, True, True), "refer", "No.")
    db.session.commit()
    assert sub.flagged


def test_the_date_is_checked_in_uk_days(app, scheme):
    """Just after midnight in the UK (still yesterday in UTC, in summer) the UK day counts."""
    with time_machine.travel(datetime(2026, 7, 1, 23, 30, tzinfo=UTC)):
        new = make_person("new@example.org", "Nia New", [Role.TRAINEE], scheme)
        assert oral.date_problem(date(2026, 7, 2), new, uk_today()) is None
        assert "today or in the past" in oral.date_problem(date(2026, 7, 3), new, uk_today())
        assert "account was made" in oral.date_problem(date(2026, 7, 1), new, uk_today())


def test_demo_has_an_oral_answer_and_an_open_disagreement(runner):
    """The demo shows a recorded oral answer and a disagreement waiting to be resolved."""
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    subs = db.session.scalars(select(ScenarioSubmission)).all()
    (spoken,) = [s for s in subs if s.mode == "oral"]
    assert spoken.status == "marked" and spoken.oral_channel == "phone"
    assert [s.scenario_key for s in subs if s.flagged] == ["boundaries-dean-asks-a-favour"]


def test_an_error_for_no_field_keeps_the_notes(client, login, people, scenario, monkeypatch):
    """An error that names no field (say, a written answer sent a moment before) is shown in
    the error summary above the form, with the notes as typed, not lost in a redirect."""

    def refused(*_args, **_kwargs):
        raise services.AssessmentError("Tam has sent a written answer that is waiting.")

    monkeypatch.setattr(oral, "record_oral", refused)
    login("trainer")
    url = f"/assessment/oral/{people['trainee'].id}/sample/money"
    response = client.post(url, data={**_form(), "csrf_token": csrf_token(client, url)})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "govuk-error-summary" in page
    assert "sent a written answer that is waiting" in page
    assert "against the scheme&#39;s rules" in page or "against the scheme's rules" in page


def test_an_oral_answer_always_has_a_channel_and_a_date(app, people, scenario):
    """The service, not only the form, refuses an oral answer without how or when it was
    given (no database constraint does it), so every saved oral answer has both."""
    trainer, trainee = people["trainer"], people["trainee"]
    for answer, field in (
        (oral.OralAnswer(channel=None, oral_on=uk_today(), notes=NOTES), "channel"),
        (oral.OralAnswer(channel="email", oral_on=uk_today(), notes=NOTES), "channel"),
        (oral.OralAnswer(channel="phone", oral_on=None, notes=NOTES), "oral_on"),
    ):
        with pytest.raises(services.AssessmentError) as caught:
            _record(trainer, trainee, scenario, answer)
        assert caught.value.field == field
        db.session.rollback()
    assert db.session.scalars(select(ScenarioSubmission)).all() == []
    _record(trainer, trainee, scenario)
    (saved,) = db.session.scalars(
        select(ScenarioSubmission).where(ScenarioSubmission.mode == "oral")
    )
    assert saved.oral_channel in oral.CHANNELS and saved.oral_on is not None
