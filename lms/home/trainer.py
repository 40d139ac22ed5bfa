"""The trainer's "Needs your action": marking, second marks, practice, supervision due."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask import url_for
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.assessment import services as assessment
from lms.assessment.disagreements import sample_pool
from lms.certificates.models import Certificate
from lms.home.items import ActionItem, count, pending, waited
from lms.matching.models import SupervisionSession
from lms.practice.models import PENDING, PracticeEntry

OBSERVED = "observed"


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
            url_for("practice.queue"),
        )
    return ActionItem(
        "practice", "practice sessions to confirm", count(session, stmt), url_for("practice.queue")
    )


def supervision_due_query(scheme_id: int, today: date, interval_weeks: int):
    """Current certificate holders of the scheme whose supervision is overdue (the gate's rule:
    the later of their first current certificate and their last session is over an interval
    ago)."""
    cutoff = today - timedelta(weeks=interval_weeks)
    first = (
        select(Certificate.person_id, func.min(Certificate.valid_from).label("first_issued"))
        .where(Certificate.current, Certificate.scheme_id == scheme_id)
        .group_by(Certificate.person_id)
        .subquery()
    )
    last = (
        select(
            SupervisionSession.mentor_id, func.max(SupervisionSession.held_on).label("last_held")
        )
        .group_by(SupervisionSession.mentor_id)
        .subquery()
    )
    return (
        select(Person.id)
        .join(first, first.c.person_id == Person.id)
        .outerjoin(last, last.c.mentor_id == Person.id)
        .where(
            Person.active.is_(True),
            Person.scheme_id == scheme_id,
            first.c.first_issued < cutoff,
            or_(last.c.last_held.is_(None), last.c.last_held < cutoff),
        )
    )


def items(session: Session, trainer: Person, now: datetime, today: date) -> list[ActionItem]:
    """Most urgent first; a trainer with no scheme has nothing to do here."""
    if trainer.scheme_id is None:
        return []
    found = [
        _answers(session, trainer, now),
    ]
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
    interval = trainer.scheme.supervision_interval_weeks if trainer.scheme else 6
    due = supervision_due_query(trainer.scheme_id, today, interval)
    found.append(
        ActionItem(
            "supervision",
            "mentors due supervision",
            count(session, due),
            url_for("matching.supervision"),
        )
    )
    return pending(found)
