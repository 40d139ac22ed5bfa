"""Calibration: trainers see each criterion's "met" and "not met" descriptors and the scenario's
borderline and failing example answers beside the rubric; trainees never see either."""

from __future__ import annotations

import pytest

from lms.accounts.models import Role
from lms.assessment import services
from lms.extensions import db
from tests.conftest import csrf_token, sign_in
from tests.factories import (
    BORDERLINE_EXAMPLE,
    FAILING_EXAMPLE,
    make_module,
    make_person,
    make_scenario,
    submit_answer,
)

SETTINGS = services.Settings(claim_minutes=60, max_attempts=3)
NOT_MET = "Keeps it to themselves or waits for the next supervision."
NOTES = "Refuses and tells the coordinator, but offers Dean nothing else."
SECRETS = (BORDERLINE_EXAMPLE.strip()[:60], FAILING_EXAMPLE.strip()[:60], NOT_MET, NOTES)


@pytest.fixture
def scenario(app):
    return make_scenario(make_module("sample"))


def _shows_calibration(page: str) -> None:
    assert "Calibration: example answers" in page
    assert BORDERLINE_EXAMPLE.strip()[:60] in page and FAILING_EXAMPLE.strip()[:60] in page
    assert "Borderline example: agreed result refer" in page and NOTES in page
    # each descriptor is the hint of its own choice in the grid of met / not met
    assert 'class="govuk-hint govuk-radios__hint">' + NOT_MET in page
    assert 'radios__hint">Tells the coordinator about the request the same day.' in page


def _hides_calibration(page: str) -> None:
    for secret in SECRETS:
        assert secret not in page
    assert "Calibration" not in page and "Not met:" not in page and "radios__hint" not in page


def test_marking_and_second_marking_show_descriptors_and_examples(app, client, people, scenario):
    """The first marker and the second marker both see the calibration beside the rubric."""
    sub = submit_answer(people["trainee"], scenario)
    sign_in(client, people["trainer"].email)
    token = csrf_token(client, "/assessment/queue")
    claim = client.post(f"/assessment/submissions/{sub.id}/claim", data={"csrf_token": token})
    _shows_calibration(client.get(claim.headers["Location"]).get_data(as_text=True))
    services.mark(
        db.session,
        people["trainer"],
        db.session.get(type(sub), sub.id),
        [services.CriterionMark(True, "")] * 3,
        "pass",
        "Good.",
    )
    db.session.commit()
    lead = make_person("lead@example.org", "Lee Lead", [Role.TRAINER], people["trainee"].scheme)
    lead.lead_trainer = True
    db.session.commit()
    second = app.test_client()
    sign_in(second, lead.email)
    page = second.get(f"/assessment/submissions/{sub.id}/second-mark").get_data(as_text=True)
    _shows_calibration(page)


def test_an_old_rubric_shows_its_guidance(app, client, people):
    """Versions synced before descriptors show each criterion's guidance, and say there are
    no example answers."""
    scenario = make_scenario(make_module("sample"), old_rubric=True)
    sub = submit_answer(people["trainee"], scenario)
    services.claim(db.session, people["trainer"], sub, SETTINGS)
    db.session.commit()
    sign_in(client, people["trainer"].email)
    page = client.get(f"/assessment/submissions/{sub.id}/mark").get_data(as_text=True)
    assert "Same day." in page and "Signposts." in page
    assert "has no example answers" in page and "Not met:" not in page


def test_trainee_pages_never_show_calibration(app, client, people, scenario, outbox):
    """Not the list, not the answer page before or after marking, not the email."""
    trainee = people["trainee"]
    sign_in(client, trainee.email)
    _hides_calibration(client.get("/assessment/").get_data(as_text=True))
    _hides_calibration(client.get("/assessment/sample/money").get_data(as_text=True))
    sub = submit_answer(trainee, scenario)
    _hides_calibration(client.get("/assessment/sample/money").get_data(as_text=True))
    services.claim(db.session, people["trainer"], sub, SETTINGS)
    marks = [services.CriterionMark(False, "Not covered.")] + [services.CriterionMark(True, "")] * 2
    services.mark(db.session, people["trainer"], sub, marks, "refer", "Try again.")
    db.session.commit()
    page = client.get("/assessment/sample/money").get_data(as_text=True)
    assert "Try again." in page and "Names the boundary" in page  # the feedback is there
    _hides_calibration(page)
    _hides_calibration(outbox[-1].body)
    assert client.get(f"/assessment/submissions/{sub.id}").status_code == 403
