"""Two trainers claiming or marking the same answer at once: exactly one succeeds (PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Person, Role
from lms.assessment import services
from lms.assessment.models import ScenarioMark, ScenarioSubmission
from lms.extensions import db
from tests.factories import make_module, make_person, make_scenario, submit_answer

SETTINGS = services.Settings()


def _marks(*met):
    return [services.CriterionMark(m, "") for m in met]


def _race(app, actions: list[Callable[[], None]]) -> list[str]:
    """Run each action in its own thread and app context, all starting together."""
    barrier = threading.Barrier(len(actions))
    outcomes: list[str] = []

    def run(action):
        with app.app_context():
            barrier.wait()
            try:
                action()
                db.session.commit()
                outcomes.append("won")
            except services.AssessmentError:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(a,)) for a in actions]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


@pytest.fixture
def scenario(app):
    return make_scenario(make_module("boundaries"))


@pytest.mark.postgres_only
def test_two_trainers_claiming_at_once(app, people, scenario):
    """Only one of two simultaneous claims wins."""
    sub_id = submit_answer(people["trainee"], scenario).id
    other_id = make_person("t2@example.org", "Tia", [Role.TRAINER], people["trainee"].scheme).id
    trainer_ids = [people["trainer"].id, other_id]

    def claim_as(person_id):
        def action():
            person = db.session.get(Person, person_id)
            services.claim(db.session, person, db.session.get(ScenarioSubmission, sub_id), SETTINGS)

        return action

    assert _race(app, [claim_as(i) for i in trainer_ids]) == ["refused", "won"]


@pytest.mark.postgres_only
def test_double_submitted_mark_is_saved_once(app, people, scenario):
    """The same trainer's mark sent twice at once is stored once."""
    sub = submit_answer(people["trainee"], scenario)
    services.claim(db.session, people["trainer"], sub, SETTINGS)
    db.session.commit()
    sub_id, trainer_id = sub.id, people["trainer"].id

    def mark():
        person = db.session.get(Person, trainer_id)
        submission = db.session.get(ScenarioSubmission, sub_id)
        services.mark(db.session, person, submission, _marks(True, True, True), "pass", "Good")

    assert _race(app, [mark, mark]) == ["refused", "won"]
    assert db.session.scalar(select(func.count(ScenarioMark.id))) == 1


@pytest.mark.postgres_only
def test_two_lead_trainers_resolving_at_once(app, people, scenario):
    """Of two simultaneous resolves of one disagreement, one wins; one audit event is written."""
    from lms.assessment import disagreements
    from lms.audit.models import AuditEvent

    lead = make_person("lead@example.org", "Lee", [Role.TRAINER], people["trainee"].scheme)
    lead.lead_trainer = True
    second = make_person("sid@example.org", "Sid", [Role.TRAINER], people["trainee"].scheme)
    second.lead_trainer = True  # gives the second mark, so may not resolve it
    sub = submit_answer(people["trainee"], scenario)
    services.claim(db.session, people["trainer"], sub, SETTINGS)
    services.mark(db.session, people["trainer"], sub, _marks(True, True, True), "pass", "Good")
    services.second_mark(db.session, second, sub, _marks(False, True, True), "refer", "No")
    db.session.commit()
    sub_id = sub.id

    def resolve_as(person_id, outcome):
        def action():
            person = db.session.get(Person, person_id)
            submission = db.session.get(ScenarioSubmission, sub_id)
            disagreements.resolve(db.session, person, submission, outcome, "Agreed.")

        return action

    actions = [resolve_as(lead.id, "refer"), resolve_as(people["admin"].id, "pass")]
    assert _race(app, actions) == ["refused", "won"]
    resolved = select(func.count(AuditEvent.id)).where(AuditEvent.action == "scenario.resolved")
    assert db.session.scalar(resolved) == 1


@pytest.mark.postgres_only
def test_oral_answer_and_written_answer_sent_at_once(app, people, scenario):
    """A trainer records an oral pass while the trainee sends a written draft: one counts."""
    from lms.assessment import oral
    from lms.ukdates import uk_today

    trainee, trainer = people["trainee"], people["trainer"]
    text = "I would say no to the loan and tell my coordinator the same day. " * 10
    services.save_answer(
        db.session,
        trainee,
        scenario,
        scenario.module_version.module,
        text,
        submit=False,
        settings=SETTINGS,
    )
    db.session.commit()
    trainee_id, trainer_id, scenario_id = trainee.id, trainer.id, scenario.id
    notes = "They said they would refuse the money, tell the coordinator and keep helping. " * 2

    def send_written():
        person = db.session.get(Person, trainee_id)
        found = db.session.get(type(scenario), scenario_id)
        services.save_answer(
            db.session,
            person,
            found,
            found.module_version.module,
            text,
            submit=True,
            settings=SETTINGS,
        )

    def record_oral():
        found = db.session.get(type(scenario), scenario_id)
        oral.record_oral(
            db.session,
            db.session.get(Person, trainer_id),
            db.session.get(Person, trainee_id),
            found,
            found.module_version.module,
            oral.OralAnswer("phone", uk_today(), notes),
            _marks(*([True] * len(found.rubric))),
            "pass",
            "Well explained.",
            settings=SETTINGS,
        )

    assert _race(app, [send_written, record_oral]) == ["refused", "won"]
    statuses = db.session.scalars(
        select(ScenarioSubmission.status).where(ScenarioSubmission.person_id == trainee_id)
    ).all()
    assert sorted(statuses) in (["draft", "marked"], ["submitted"])
