"""Demo data: a trainee who has done everything for the core certificate but the DBS check."""

from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy.orm import Session

from lms.accounts import services as accounts
from lms.accounts.models import Person, Role, Scheme
from lms.assessment import services as assessment
from lms.certificates.definitions import find_definition
from lms.practice.checklist import OBSERVATION_CHECKLIST
from lms.practice.models import ObservationSignoff, PracticeEntry
from lms.training import services as training
from lms.ukdates import uk_today

NEARLY_EMAIL = "nearly@demo.example"
ANSWER = (
    "I would stay calm, listen and not judge. I would keep to the boundaries of my role and "
    "explain them kindly. I would not promise to keep anything secret. If anyone could be "
    "harmed, I would tell the safeguarding lead, or the deputy, the same day, and call 999 "
    "first if someone was in danger now. I would tell my coordinator about anything else, such "
    "as a boundary being tested. I would not investigate or confront anyone. I would help the "
    "person think about what they want, offer to go with them to the right service, and record "
    "what happened factually in the scheme's system. I would use supervision to reflect on how "
    "it went and what I could do better next time."
)


def seed_one_short(
    session: Session, scheme: Scheme, trainer: Person, password: str
) -> Person | None:
    """Make the demo trainee who is one requirement (vetting) short; once only."""
    if accounts.find_by_email(session, NEARLY_EMAIL) is not None:
        return None
    definition = find_definition(session, "core-peer-mentor")
    if definition is None:
        return None
    person = accounts.create_person(
        session,
        email=NEARLY_EMAIL,
        name="Nia Nearly",
        roles=[Role.TRAINEE],
        scheme=scheme,
        password=password,
    )
    req = definition.requirements
    rng = random.Random(7)  # noqa: S311 - demo data, not security
    for slug in req.get("modules", []):
        module = training.find_module(session, slug)
        if module is None:
            continue
        attempt = training.start_attempt(session, person, module, rng=rng)
        right = {
            aq.id: [i for i, o in enumerate(aq.question.options) if o["correct"]]
            for aq in attempt.questions
        }
        training.submit_attempt(session, person, attempt, right)
    settings = assessment.Settings()
    for module, scenario in assessment.current_scenarios(session):
        if scenario.key not in req.get("scenarios", []):
            continue
        sub = assessment.save_answer(
            session, person, scenario, module, ANSWER, submit=True, settings=settings
        )
        assessment.claim(session, trainer, sub, settings)
        marks = [assessment.CriterionMark(True, "") for _ in scenario.rubric]
        assessment.mark(session, trainer, sub, marks, "pass", "A safe, caring answer.")
    _practice(session, person, trainer, req)
    return person


def _practice(session: Session, person: Person, trainer: Person, req: dict) -> None:
    sessions = max(req.get("min_sessions", 0), req.get("min_observed", 0), 1)
    minutes = -(-req.get("min_hours", 0) * 60 // sessions)  # round up
    minutes = min(720, max(15, -(-minutes // 15) * 15))
    today = uk_today()
    for i in range(sessions):
        observed = i < req.get("min_observed", 0)
        entry = PracticeEntry(
            person_id=person.id,
            scheme_id=person.scheme_id,
            supervisor_id=trainer.id,
            session_date=today - timedelta(days=30 - i * 5),
            duration_minutes=minutes,
            kind="observed" if observed else "co_worked",
            location="Probation office",
            reflection=ANSWER,
            status="confirmed",
            decided_by_id=trainer.id,
            pathway=req.get("practice_pathway"),
        )
        session.add(entry)
        session.flush()
        if observed:
            checklist = [
                {"id": item.id, "item": item.text, "met": True, "comment": ""}
                for item in OBSERVATION_CHECKLIST
            ]
            session.add(
                ObservationSignoff(
                    entry_id=entry.id, observer_id=trainer.id, checklist=checklist, outcome="passed"
                )
            )
    session.flush()
