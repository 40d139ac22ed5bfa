"""The marking page of issue 17: "Save and mark next" claims the next answer in the queue,
a resubmission shows the previous attempt's marks beside it, and the rubric is a grid of
met / not met with each choice's descriptor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from lms.accounts.models import Role
from lms.assessment import next_answer, services
from lms.assessment.models import ScenarioSubmission
from lms.audit.models import AuditEvent
from lms.extensions import db
from tests.conftest import csrf_token, sign_in
from tests.factories import make_module, make_person, make_scenario, make_scheme, submit_answer

SETTINGS = services.Settings(claim_minutes=60, max_attempts=3)


@pytest.fixture
def scenario(app):
    return make_scenario(make_module("boundaries"))


def _trainees(people, count: int):
    scheme = people["trainee"].scheme
    return [
        make_person(f"t{i}@example.org", f"Tess Trainee {i}", [Role.TRAINEE], scheme)
        for i in range(count)
    ]


def _sent(trainees, scenario, start=datetime(2026, 3, 1, 9, tzinfo=UTC)):
    """One answer per trainee, sent an hour apart (so the queue's order is known)."""
    subs = []
    for i, trainee in enumerate(trainees):
        with time_machine.travel(start + timedelta(hours=i)):
            subs.append(submit_answer(trainee, scenario))
    return subs


def _mark_data(client, url, *, next_: bool, outcome="pass", met=("yes", "yes", "yes")):
    data = {f"met_{i}": m for i, m in enumerate(met)}
    data |= {
        "outcome": outcome,
        "feedback": "Clear and kind.",
        "csrf_token": csrf_token(client, url),
    }
    if next_:
        data["next"] = "1"
    return data


def _claim(client, sub) -> str:
    token = csrf_token(client, "/assessment/queue")
    response = client.post(f"/assessment/submissions/{sub.id}/claim", data={"csrf_token": token})
    assert response.status_code == 302
    return response.headers["Location"]


def test_save_and_mark_next_claims_the_next_oldest_answer(client, people, scenario):
    """Saving with "Save and mark next" marks this one, claims the oldest waiting answer that
    nobody else holds (audited as a claim, like the queue's button) and opens it."""
    first, busy, third = _sent(_trainees(people, 3), scenario)
    other = make_person("o@example.org", "Oona Other", [Role.TRAINER], people["trainee"].scheme)
    services.claim(db.session, other, busy, SETTINGS)
    db.session.commit()
    sign_in(client, people["trainer"].email)
    url = _claim(client, first)
    response = client.post(url, data=_mark_data(client, url, next_=True))
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/assessment/submissions/{third.id}/mark")
    db.session.expire_all()
    assert db.session.get(ScenarioSubmission, first.id).status == "marked"
    taken = db.session.get(ScenarioSubmission, third.id)
    assert taken.claimed_by_id == people["trainer"].id
    assert db.session.get(ScenarioSubmission, busy.id).claimed_by_id == other.id
    claims = db.session.scalars(
        select(AuditEvent.subject_id).where(AuditEvent.action == "scenario.claimed")
    ).all()
    assert str(third.id) in claims
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This is the next answer in the queue" in page and "Tess Trainee 2" in page


def test_save_and_mark_next_with_nothing_left_goes_back_to_the_queue(client, people, scenario):
    """The last answer: saved, then the queue with a message that nothing else is waiting."""
    (only,) = _sent(_trainees(people, 1), scenario)
    sign_in(client, people["trainer"].email)
    url = _claim(client, only)
    response = client.post(url, data=_mark_data(client, url, next_=True))
    assert response.headers["Location"].endswith("/assessment/queue")
    page = client.get("/assessment/queue").get_data(as_text=True)
    assert "Nothing else is waiting to be marked" in page
    db.session.expire_all()
    assert db.session.scalars(select(ScenarioSubmission)).one().status == "marked"


def test_save_and_mark_next_keeps_the_module_filter_and_skips_own_and_other_schemes(
    client, people, scenario
):
    """Next never takes an answer from another module when the queue was filtered, nor the
    trainer's own answer, nor another scheme's."""
    other_module = make_scenario(make_module("money-advice"), key="debts")
    mine, theirs_elsewhere = _sent(_trainees(people, 2), scenario)
    _sent([make_person("x@example.org", "Xena", [Role.TRAINEE], people["trainee"].scheme)],
          other_module, start=datetime(2026, 2, 1, tzinfo=UTC))  # fmt: skip
    outsider = make_person("out@example.org", "Olly", [Role.TRAINEE], make_scheme("o", "Other"))
    _sent([outsider], scenario, start=datetime(2026, 1, 1, tzinfo=UTC))
    sign_in(client, people["trainer"].email)
    token = csrf_token(client, "/assessment/queue?module=boundaries")
    claimed = client.post(
        f"/assessment/submissions/{mine.id}/claim?module=boundaries", data={"csrf_token": token}
    )
    url = claimed.headers["Location"]
    assert url.endswith(f"/assessment/submissions/{mine.id}/mark?module=boundaries")
    response = client.post(url, data=_mark_data(client, url, next_=True))
    assert response.headers["Location"].endswith(
        f"/assessment/submissions/{theirs_elsewhere.id}/mark?module=boundaries"
    )
    url = response.headers["Location"]
    response = client.post(url, data=_mark_data(client, url, next_=True))
    assert response.headers["Location"].endswith("/assessment/queue?module=boundaries")


def test_a_refused_mark_stays_on_the_page_and_claims_nothing(client, people, scenario):
    """Bad input with "Save and mark next" shows the errors and leaves the next answer alone."""
    first, second = _sent(_trainees(people, 2), scenario)
    sign_in(client, people["trainer"].email)
    url = _claim(client, first)
    data = _mark_data(client, url, next_=True, met=("yes", "no", "yes"))
    page = client.post(url, data=data)
    assert page.status_code == 400
    assert "only pass when every criterion is met" in page.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(ScenarioSubmission, second.id).claimed_by_id is None


def test_claim_next_moves_on_when_another_trainer_took_the_candidate(app, people, scenario):
    """Two trainers going "next" at once: the one whose candidate went moves to the following."""
    first, second = _sent(_trainees(people, 2), scenario)
    trainer = people["trainer"]
    other = make_person("o@example.org", "Oona Other", [Role.TRAINER], trainer.scheme)
    real_claim = services.claim

    def racing_claim(session, marker, submission, settings, now=None):
        if submission.id == first.id and marker.id == trainer.id:
            real_claim(session, other, submission, settings, now)  # the other got there first
        return real_claim(session, marker, submission, settings, now)

    services.claim = racing_claim
    try:
        taken = next_answer.claim_next(db.session, trainer, SETTINGS)
    finally:
        services.claim = real_claim
    assert taken is not None and taken.id == second.id
    assert next_answer.claim_next(db.session, make_person(
        "p@example.org", "Pat", [Role.TRAINER], trainer.scheme), SETTINGS) is None  # fmt: skip


def test_a_resubmission_shows_the_previous_marks_beside_each_criterion(client, people, scenario):
    """Attempt 2's page names attempt 1's result, feedback and answer, and beside each
    criterion how it was marked last time, with the marker's comment."""
    trainee = people["trainee"]
    first = submit_answer(trainee, scenario, "First try. " * 60)
    services.claim(db.session, people["trainer"], first, SETTINGS)
    marks = [
        services.CriterionMark(True, ""),
        services.CriterionMark(False, "Never told the coordinator."),
        services.CriterionMark(True, ""),
    ]
    services.mark(db.session, people["trainer"], first, marks, "refer", "Tell someone next time.")
    db.session.commit()
    second = submit_answer(trainee, scenario)
    assert second.attempt_number == 2
    sign_in(client, people["trainer"].email)
    page = client.get(_claim(client, second)).get_data(as_text=True)
    assert "Attempt 1: how it was marked" in page and "Tell someone next time." in page
    assert "First try. First try." in page
    assert "Last attempt: <strong>not met</strong>. Comment: Never told the coordinator." in page
    assert page.count("Last attempt: <strong>met</strong>") == 2
    assert page.index("app-marking__answer") < page.index("app-marking__rubric")


def test_a_first_attempt_shows_no_previous_marks_and_the_descriptor_grid(client, people, scenario):
    """No earlier attempt: nothing about one. Each criterion offers Met and Not met side by
    side, each described by what it looks like."""
    (sub,) = _sent(_trainees(people, 1), scenario)
    sign_in(client, people["trainer"].email)
    page = client.get(_claim(client, sub)).get_data(as_text=True)
    assert "how it was marked" not in page and "Last attempt" not in page
    assert page.count("app-criterion__options") == 3
    assert 'aria-describedby="met_0-0-hint"' in page
    assert 'id="met_0-1-hint" class="govuk-hint govuk-radios__hint">Lends the money' in page
    assert "Save and mark next" in page


def test_second_marking_has_no_mark_next(client, people, scenario):
    """Second marking saves one at a time: no "Save and mark next" there."""
    (sub,) = _sent(_trainees(people, 1), scenario)
    services.claim(db.session, people["trainer"], sub, SETTINGS)
    services.mark(db.session, people["trainer"], sub, [services.CriterionMark(True, "")] * 3,
                  "pass", "Good.")  # fmt: skip
    db.session.commit()
    sign_in(client, people["admin"].email)
    page = client.get(f"/assessment/submissions/{sub.id}/second-mark").get_data(as_text=True)
    assert "The rubric" in page and "Save and mark next" not in page
