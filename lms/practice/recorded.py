"""A trainer records a session they supervised for a trainee: confirmed as it is recorded, and
allowed further back than a trainee may log one (never before the trainee joined). An observed
session is recorded with the checklist the trainer observed it against, which signs it off
just as signing off one the trainee logged does."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person, PersonRole, Role
from lms.db import utcnow
from lms.events import practice_decided
from lms.practice import services
from lms.practice.models import CONFIRMED, PracticeEntry
from lms.practice.observation import (
    Observation,
    audit_details,
    new_signoff,
    observation_problems,
)


def trainees_for(session: Session, trainer: Person) -> list[Person]:
    """Active trainees of the trainer's scheme (never the trainer), by name."""
    stmt = (
        select(Person)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(
            Person.scheme_id == trainer.scheme_id,
            Person.active.is_(True),
            Person.id != trainer.id,
            PersonRole.role == Role.TRAINEE.value,
        )
        .order_by(Person.name, Person.id)
    )
    return list(session.scalars(stmt).unique())


def _checked(
    session: Session,
    trainee: Person,
    details: services.EntryDetails,
    today: date | None,
    observation: Observation | None,
) -> services.EntryDetails:
    """The details tidied, or ``InvalidEntry`` naming every problem with them and, for an
    observed session, with its checklist."""
    problems = observation_problems(observation) if details.kind == "observed" else {}
    try:
        clean = services.check_details(session, trainee, details, today, by_trainer=True)
    except services.InvalidEntry as exc:
        raise services.InvalidEntry({**exc.problems, **problems}) from None
    if problems:
        raise services.InvalidEntry(problems)
    return clean


def record_for_trainee(
    session: Session,
    trainer: Person,
    trainee: Person | None,
    details: services.EntryDetails,
    today: date | None = None,
    observation: Observation | None = None,
) -> PracticeEntry:
    """Record (and so confirm) a session ``trainer`` supervised, signing off an observed one
    against ``observation``; audited, the trainee told."""
    # Never themselves: nobody confirms their own practice (trainees_for leaves them out).
    if trainee is None or trainee.id not in {p.id for p in trainees_for(session, trainer)}:
        raise services.InvalidEntry({"trainee": "Choose a trainee from your scheme"})
    if not trainer.has_role(Role.TRAINER):
        raise services.PracticeError("Only trainers record sessions for trainees.")
    mine = replace(details, supervisor_id=trainer.id)
    clean = _checked(session, trainee, mine, today, observation)
    observed = observation if clean.kind == "observed" else None
    comments = observed.comments.strip() if observed else ""
    now = utcnow()
    entry = PracticeEntry(
        person_id=trainee.id,
        scheme_id=trainee.scheme_id,
        status=CONFIRMED,
        decided_by_id=trainer.id,
        decided_at=now,
        decision_reason=comments or None,
        **asdict(clean),
    )
    session.add(entry)
    session.flush()
    signoff, extra = None, {}
    if observed is not None:
        signoff = new_signoff(entry, trainer.id, observed)
        session.add(signoff)
        session.flush()
        session.refresh(entry)  # the email says the outcome
        extra = audit_details(observed)
    services.audit_entry(session, trainer, "practice.recorded", entry, reason=comments, **extra)
    practice_decided.send(entry, session=session, actor=trainer, signoff=signoff)
    return entry
