"""Scenario answers: drafts, submission, the queue, claims, marking, resubmission, second marks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from lms.accounts.duties import OwnRecord
from lms.accounts.models import Role
from lms.assessment import disagreements, services
from lms.assessment.models import ScenarioMark, ScenarioSubmission
from lms.audit.models import AuditEvent
from lms.extensions import db
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    LONG_ANSWER,
    make_module,
    make_person,
    make_scenario,
    make_scheme,
    submit_answer,
)

ANSWER = LONG_ANSWER
SETTINGS = services.Settings(claim_minutes=60, max_attempts=3)


@pytest.fixture
def scenario(app):
    return make_scenario(make_module("boundaries"))


_submit = submit_answer


def _marks(*met):
    return [services.CriterionMark(m, "") for m in met]


def _claim_and_mark(trainer, sub, outcome="pass", met=(True, True, True)):
    services.claim(db.session, trainer, sub, SETTINGS)
    services.mark(db.session, trainer, sub, _marks(*met), outcome, "Good work.")
    db.session.commit()


def test_trainee_saves_a_draft_comes_back_and_submits(client, login, scenario):
    """A draft is kept; a short answer cannot be sent; a long enough one is sent once."""
    login("trainee")
    url = "/assessment/boundaries/money"
    response = client.post(
        url, data={"answer": "Too short", "save": "1", "csrf_token": csrf_token(client, url)}
    )
    assert response.status_code == 302
    assert "Too short" in client.get(url).get_data(as_text=True)
    page = client.post(
        url, data={"answer": "Still short", "send": "1", "csrf_token": csrf_token(client, url)}
    )
    assert "Write at least 80 words" in page.get_data(as_text=True)
    response = client.post(
        url, data={"answer": ANSWER, "send": "1", "csrf_token": csrf_token(client, url)}
    )
    assert response.status_code == 302
    subs = db.session.scalars(select(ScenarioSubmission)).all()
    assert len(subs) == 1 and subs[0].status == "submitted" and subs[0].answer == ANSWER
    assert "A trainer will mark it" in client.get(url).get_data(as_text=True)


def test_queue_is_oldest_first_scheme_only_and_can_hide_names(client, login, people, scenario):
    """The queue lists the scheme's answers oldest first; blind marking hides names."""
    second = make_person("sam@example.org", "Sam Second", [Role.TRAINEE], people["trainee"].scheme)
    other_scheme = make_scheme("other", "Other")
    outsider = make_person("out@example.org", "Olly Outsider", [Role.TRAINEE], other_scheme)
    recent = make_person("rita@example.org", "Rita Recent", [Role.TRAINEE], second.scheme)
    with time_machine.travel(datetime(2026, 1, 1, tzinfo=UTC)):
        _submit(second, scenario)
    _submit(recent, scenario)
    _submit(outsider, scenario)
    login("trainer")
    page = client.get("/assessment/queue").get_data(as_text=True)
    assert page.index("Sam Second") < page.index("Rita Recent")
    assert "Olly Outsider" not in page
    blind = client.get("/assessment/queue?blind=1").get_data(as_text=True)
    assert "Sam Second" not in blind and "Answer " in blind


def test_claims_stop_two_trainers_marking_the_same_answer(app, people, scenario):
    """A live claim blocks another trainer; a lapsed claim can be taken over."""
    sub = _submit(people["trainee"], scenario)
    other = make_person("t2@example.org", "Tia Trainer", [Role.TRAINER], people["trainee"].scheme)
    services.claim(db.session, people["trainer"], sub, SETTINGS)
    db.session.commit()
    with pytest.raises(services.AssessmentError, match="Another trainer"):
        services.claim(db.session, other, sub, SETTINGS)
    later = datetime.now(UTC) + timedelta(minutes=61)
    services.claim(db.session, other, sub, SETTINGS, now=later)
    db.session.commit()
    with pytest.raises(services.AssessmentError, match="lapsed"):
        services.mark(db.session, people["trainer"], sub, _marks(True, True, True), "pass", "x")


def test_nobody_marks_their_own_answer(app, people, scenario):
    """A trainer who is also a trainee cannot claim their own answer."""
    both = make_person(
        "both@example.org", "Bo Both", [Role.TRAINEE, Role.TRAINER], people["trainee"].scheme
    )
    sub = _submit(both, scenario)
    with pytest.raises(OwnRecord, match="own answer"):
        services.claim(db.session, both, sub, SETTINGS)
    assert db.session.scalars(services.queue(both)).all() == []


def test_marking_records_criteria_emails_and_audits(client, login, people, scenario, outbox):
    """Marking through the site stores each criterion, tells the trainee and is audited."""
    sub = _submit(people["trainee"], scenario)
    login("trainer")
    token = csrf_token(client, "/assessment/queue")
    claim = client.post(f"/assessment/submissions/{sub.id}/claim", data={"csrf_token": token})
    url = claim.headers["Location"]
    data = {
        "met_0": "yes",
        "met_1": "no",
        "met_2": "yes",
        "comment_1": "Did not tell anyone",
        "outcome": "pass",
        "feedback": "Nearly there.",
        "csrf_token": csrf_token(client, url),
    }
    page = client.post(url, data=data)
    assert "only pass when every criterion is met" in page.get_data(as_text=True)
    data["outcome"] = "refer"
    assert client.post(url, data=data).status_code == 302
    db.session.expire_all()
    mark = db.session.scalars(select(ScenarioMark)).one()
    assert [c["met"] for c in mark.criteria] == [True, False, True]
    assert mark.criteria[1]["comment"] == "Did not tell anyone"
    assert db.session.get(ScenarioSubmission, sub.id).outcome == "refer"
    assert outbox and outbox[-1].to == [people["trainee"].email]
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {"scenario.submitted", "scenario.claimed", "scenario.marked"} <= actions


def test_referred_answer_can_be_resubmitted_up_to_the_limit(app, people, scenario):
    """Each attempt is kept; after the last referred attempt no more are allowed."""
    trainee = people["trainee"]
    for attempt in range(1, 4):
        sub = _submit(trainee, scenario)
        assert sub.attempt_number == attempt
        _claim_and_mark(people["trainer"], sub, "refer", (False, True, True))
    with pytest.raises(services.AssessmentError, match="used all 3 attempts"):
        _submit(trainee, scenario)
    assert db.session.scalar(select(func.count(ScenarioSubmission.id))) == 3
    assert db.session.scalar(select(func.count(ScenarioMark.id))) == 3


def test_passed_answer_cannot_be_resubmitted(app, people, scenario):
    """Once passed there is nothing more to write."""
    sub = _submit(people["trainee"], scenario)
    _claim_and_mark(people["trainer"], sub)
    with pytest.raises(services.AssessmentError, match="passed"):
        _submit(people["trainee"], scenario)


def test_second_marking_flags_disagreement_and_counts_agreement(app, people, scenario):
    """A lead trainer's different outcome flags the answer; agreement is shown per marker."""
    lead = make_person("lead@example.org", "Lee Lead", [Role.TRAINER], people["trainee"].scheme)
    lead.lead_trainer = True
    first = _submit(people["trainee"], scenario)
    _claim_and_mark(people["trainer"], first, "pass")
    with pytest.raises(services.AssessmentError, match="lead trainer"):
        services.second_mark(db.session, people["coordinator"], first, [], "pass", "")
    services.second_mark(db.session, lead, first, _marks(False, True, True), "refer", "Missed it.")
    db.session.commit()
    assert first.flagged
    with pytest.raises(services.AssessmentError, match="already been second-marked"):
        services.second_mark(
            db.session, people["admin"], first, _marks(True, True, True), "pass", "ok"
        )
    rows = disagreements.agreement(db.session, lead)
    assert [(r.marker.name, r.sampled, r.agreed) for r in rows] == [(people["trainer"].name, 1, 0)]


def test_first_marker_cannot_second_mark_their_own_mark(app, people, scenario):
    """Second marking needs a different person."""
    people["trainer"].lead_trainer = True
    sub = _submit(people["trainee"], scenario)
    _claim_and_mark(people["trainer"], sub)
    with pytest.raises(services.AssessmentError, match="other than the first marker"):
        services.second_mark(
            db.session, people["trainer"], sub, _marks(True, True, True), "pass", "ok"
        )
    assert db.session.scalars(disagreements.sample_pool(people["trainer"])).all() == []


def test_trainer_of_another_scheme_gets_404(client, people, scenario):
    """A trainer of scheme B never sees scheme A's answers."""
    sub = _submit(people["trainee"], scenario)
    other = make_scheme("other", "Other")
    stranger = make_person("st@example.org", "Stan Stranger", [Role.TRAINER], other)
    sign_in(client, stranger.email)
    assert client.get(f"/assessment/submissions/{sub.id}").status_code == 404
    token = csrf_token(client, "/assessment/queue")
    response = client.post(f"/assessment/submissions/{sub.id}/claim", data={"csrf_token": token})
    assert response.status_code == 404
    assert f"Answer {sub.id}" not in client.get("/assessment/queue").get_data(as_text=True)
    assert "Nothing is waiting to be marked" in client.get("/assessment/queue").get_data(
        as_text=True
    )


def test_ordinary_trainer_cannot_open_second_marking(client, login, scenario):
    """Only lead trainers and admins second-mark."""
    login("trainer")
    assert client.get("/assessment/second-marking").status_code == 403


def test_lead_trainer_second_marks_through_the_site(client, people, scenario):
    """A lead trainer picks an answer from the sample list and second-marks it."""
    lead = make_person("lead@example.org", "Lee Lead", [Role.TRAINER], people["trainee"].scheme)
    lead.lead_trainer = True
    db.session.commit()
    sub = _submit(people["trainee"], scenario)
    _claim_and_mark(people["trainer"], sub, "pass")
    sign_in(client, lead.email)
    listing = client.get("/assessment/second-marking").get_data(as_text=True)
    assert f"Answer {sub.id}" in listing
    url = f"/assessment/submissions/{sub.id}/second-mark"
    data = {
        "met_0": "yes",
        "met_1": "yes",
        "met_2": "yes",
        "outcome": "pass",
        "feedback": "Agree.",
        "csrf_token": csrf_token(client, url),
    }
    assert client.post(url, data=data).status_code == 302
    page = client.get("/assessment/second-marking").get_data(as_text=True)
    assert "1 (100%)" in page
    again = client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
    assert again.status_code == 302
    assert db.session.scalar(select(func.count(ScenarioMark.id))) == 2


def test_queue_shows_who_is_marking_until_the_claim_lapses(client, people, scenario):
    """Another trainer's live claim shows as "Being marked by"; once lapsed it can be taken."""
    sub = _submit(people["trainee"], scenario)
    other = make_person("t2@example.org", "Tia Trainer", [Role.TRAINER], people["trainee"].scheme)
    services.claim(db.session, other, sub, SETTINGS)
    db.session.commit()
    sign_in(client, people["trainer"].email)
    assert "Being marked by Tia Trainer" in client.get("/assessment/queue").get_data(as_text=True)
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=61)):
        page = client.get("/assessment/queue").get_data(as_text=True)
    assert "Being marked by" not in page and "Mark this answer" in page
