"""'Trainees eligible for a certificate' on the trainer's home: the single SQL statement agrees
with ``evaluate`` (requirement by requirement), the count is scoped to the scheme, and the list
it links to shows exactly the people counted."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from lms.accounts.models import Person, Role
from lms.assessment.models import ScenarioSubmission
from lms.certificates.definitions import current_definitions
from lms.certificates.eligibility import evaluate
from lms.certificates.eligible_sql import eligible_trainees
from lms.certificates.services import current_for
from lms.db import utcnow
from lms.extensions import db
from lms.home import trainer
from lms.practice.models import PracticeEntry
from lms.ukdates import uk_today
from lms.vetting.models import VettingCheck
from tests.factories import (
    make_definition,
    make_eligible,
    make_mentor,
    make_module,
    make_person,
    make_scheme,
    record_vetting,
)


def _eligible_ids(viewer: Person) -> set[int]:
    return {p.id for p in db.session.scalars(eligible_trainees(db.session, viewer, uk_today()))}


def _python_ids(people: list[Person]) -> set[int]:
    """The same question asked of ``evaluate``, person by person (not holding it already)."""
    today = uk_today()
    definitions = current_definitions(db.session)
    return {
        p.id
        for p in people
        if any(
            evaluate(db.session, p, d, today).eligible
            and current_for(db.session, p, d.slug) is None
            for d in definitions
        )
    }


def _trainee(email: str, scheme) -> Person:
    return make_person(email, email.split("@")[0].title(), [Role.TRAINEE], scheme)


def _count(app, me) -> int:
    with app.test_request_context():
        found = {i.key: i.count for i in trainer.items(db.session, me, utcnow(), uk_today())}
    return found.get("eligible", 0)


def test_nobody_is_eligible_without_definitions_or_work(app, people):
    assert _count(app, people["trainer"]) == 0  # no definition at all
    make_definition()
    make_module("sample")
    assert _count(app, people["trainer"]) == 0
    assert _eligible_ids(people["trainer"]) == set()


def test_sql_agrees_with_evaluate_for_each_missing_requirement(app, people, scheme):
    """One trainee meets everything; each of the others misses exactly one requirement."""
    make_definition()
    trainer_, coordinator = people["trainer"], people["coordinator"]
    names = ["all", "quiz", "scenario", "hours", "observed", "vetting", "level", "recheck"]
    made = {n: _trainee(f"{n}@example.org", scheme) for n in names}
    for person in made.values():
        make_eligible(person, trainer_, coordinator)
    today = uk_today()
    # Undo one requirement each.
    attempt = made["quiz"].id
    db.session.execute(
        ScenarioSubmission.__table__.update()
        .where(ScenarioSubmission.person_id == made["scenario"].id)
        .values(flagged=True)
    )
    db.session.execute(
        PracticeEntry.__table__.update()
        .where(PracticeEntry.person_id == made["hours"].id)
        .values(duration_minutes=30)
    )
    from lms.practice.models import ObservationSignoff
    from lms.training.models import QuizAttempt

    db.session.execute(
        QuizAttempt.__table__.update().where(QuizAttempt.person_id == attempt).values(passed=False)
    )
    observed = select(PracticeEntry.id).where(PracticeEntry.person_id == made["observed"].id)
    db.session.execute(
        ObservationSignoff.__table__.update()
        .where(ObservationSignoff.entry_id.in_(observed))
        .values(outcome="not_yet")
    )
    db.session.execute(
        VettingCheck.__table__.delete().where(VettingCheck.person_id == made["vetting"].id)
    )
    record_vetting(made["level"], coordinator, level="standard")  # newer, lower: it counts
    db.session.execute(
        VettingCheck.__table__.update()
        .where(VettingCheck.person_id == made["level"].id, VettingCheck.level == "standard")
        .values(certificate_date=today)
    )
    db.session.execute(
        VettingCheck.__table__.update()
        .where(VettingCheck.person_id == made["recheck"].id)
        .values(recheck_due=today - timedelta(days=1))
    )
    db.session.commit()
    everyone = list(made.values())
    assert _python_ids(everyone) == {made["all"].id}
    assert _eligible_ids(trainer_) == {made["all"].id}
    assert _count(app, trainer_) == 1


def test_holders_are_not_counted_and_other_schemes_are_not_mine(app, people, scheme):
    make_definition()
    holder = _trainee("holder@example.org", scheme)
    make_eligible(holder, people["trainer"], people["coordinator"])
    make_mentor(holder)  # already holds the certificate: a renewal, not a new one
    other = make_scheme("other", "Other Scheme")
    outsider = _trainee("out@example.org", other)
    make_eligible(outsider, people["trainer"], people["coordinator"])
    assert _count(app, people["trainer"]) == 0
    assert _python_ids([holder]) == set()


def test_a_prerequisite_certificate_must_be_usable(app, people, scheme):
    make_definition()
    make_definition(
        "advanced",
        modules=(),
        scenarios=(),
        min_hours=0,
        min_sessions=0,
        min_observed=0,
        vetting_level=None,
        certificates=("core-peer-mentor",),
    )
    holder = _trainee("holder@example.org", scheme)
    cert = make_mentor(holder)
    assert _eligible_ids(people["trainer"]) == {holder.id} == _python_ids([holder])
    cert.suspended_at = utcnow()
    db.session.commit()
    assert _eligible_ids(people["trainer"]) == set() == _python_ids([holder])


def test_the_link_lists_exactly_those_counted(app, client, login, people, scheme):
    make_definition()
    ready = _trainee("ready@example.org", scheme)
    make_eligible(ready, people["trainer"], people["coordinator"])
    waiting = _trainee("waiting@example.org", scheme)
    login("trainer")
    home = client.get("/trainer").get_data(as_text=True)
    assert "1 trainee eligible for a certificate" in home
    assert 'href="/certificates/eligible"' in home
    page = client.get("/certificates/eligible").get_data(as_text=True)
    assert f'data-person="{ready.id}"' in page and f'data-person="{waiting.id}"' not in page
    assert f"/certificates/people/{ready.id}" in page


def test_the_eligible_list_says_when_nobody_is_waiting(client, login):
    login("trainer")
    page = client.get("/certificates/eligible").get_data(as_text=True)
    assert "Nobody is waiting for a certificate" in page
