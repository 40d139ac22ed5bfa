"""The trainer's "Needs your action": concerns (for the scheme's named safeguarding lead or
deputy), marking, second marks, practice, trainees eligible for a certificate, supervision due."""

from __future__ import annotations

from datetime import date, datetime

from flask import url_for
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lms.accounts.contacts import SchemeContacts
from lms.accounts.models import Person
from lms.assessment import services as assessment
from lms.assessment.disagreements import sample_pool
from lms.certificates.eligible_sql import eligible_trainees
from lms.home.items import ActionItem, count, pending, waited
from lms.matching.concerns.services import open_matches_query
from lms.matching.supervision.services import supervision_due_query
from lms.practice.models import PENDING, PracticeEntry

OBSERVED = "observed"


def _concerns(session: Session, trainer: Person) -> ActionItem:
    """Matches with a concern not yet looked at, counted only when the trainer is the scheme's
    named safeguarding lead or deputy (one statement: zero, so not shown, for anyone else)."""
    named = select(SchemeContacts.scheme_id).where(
        SchemeContacts.scheme_id == trainer.scheme_id,
        or_(
            SchemeContacts.safeguarding_lead_id == trainer.id,
            SchemeContacts.safeguarding_deputy_id == trainer.id,
        ),
    )
    stmt = open_matches_query(trainer.scheme_id).where(named.exists())
    return ActionItem(
        "concerns",
        "matches with a concern flagged by the mentor not yet looked at",
        count(session, stmt),
        url_for("matching.concerns"),
    )


def _answers(session: Session, trainer: Person, now: datetime) -> ActionItem:
    queue = assessment.queue(trainer).order_by(None).subquery()
    total, oldest = session.execute(select(func.count(), func.min(queue.c.submitted_at))).one()
    detail = f"The oldest has waited {waited(oldest, now)}" if total else ""
    return ActionItem("answers", "answers to mark", int(total), url_for("assessment.queue"), detail)


def _practice(session: Session, trainer: Person, observed: bool) -> ActionItem:
    kind = PracticeEntry.kind == OBSERVED if observed else PracticeEntry.kind != OBSERVED
    stmt = select(PracticeEntry.id).where(
        PracticeEntry.status == PENDING,
        PracticeEntry.supervisor_id == trainer.id,
        PracticeEntry.person_id != trainer.id,
        PracticeEntry.scheme_id == trainer.scheme_id,
        kind,
    )
    if observed:
        return ActionItem(
            "observed",
            "observed sessions to sign off",
            count(session, stmt),
            url_for("practice.queue", kind="observed"),
        )
    return ActionItem(
        "practice",
        "practice sessions to confirm",
        count(session, stmt),
        url_for("practice.queue", kind="practice"),
    )


def items(session: Session, trainer: Person, now: datetime, today: date) -> list[ActionItem]:
    """Most urgent first; a trainer with no scheme has nothing to do here."""
    if trainer.scheme_id is None:
        return []
    found = [_concerns(session, trainer), _answers(session, trainer, now)]
    if assessment.may_second_mark(trainer):
        found.append(
            ActionItem(
                "second",
                "marked answers waiting for a second mark",
                count(session, sample_pool(trainer)),
                url_for("assessment.second_marking"),
            )
        )
    found += [_practice(session, trainer, False), _practice(session, trainer, True)]
    found.append(
        ActionItem(
            "eligible",
            "trainees eligible for a certificate they do not hold yet",
            count(session, eligible_trainees(session, trainer, today)),
            url_for("certificates.eligible"),
        )
    )
    interval = trainer.scheme.supervision_interval_weeks if trainer.scheme else 6
    due = supervision_due_query(trainer.scheme_id, today, interval)
    found.append(
        ActionItem(
            "supervision",
            "mentors due supervision",
            count(session, due),
            url_for("matching.supervision", due=1),
        )
    )
    return pending(found)
