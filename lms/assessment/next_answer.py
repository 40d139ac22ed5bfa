"""Marking in a run: the next answer in the trainer's queue (claimed as the queue claims it),
and the trainee's previous marked attempt, shown beside a resubmission."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Person
from lms.assessment import services
from lms.assessment.models import MARKED, ScenarioMark, ScenarioSubmission
from lms.db import utcnow

# How many waiting answers to try when others are claiming at the same moment.
TRIES = 5


def claim_next(
    session: Session,
    marker: Person,
    settings: services.Settings,
    module_slug: str = "",
    now: datetime | None = None,
) -> ScenarioSubmission | None:
    """Claim the oldest answer in ``marker``'s queue that nobody else is marking, or None.

    Each candidate is claimed with ``services.claim`` (the same guarded update the queue's
    "Mark this answer" uses), so two trainers going "next" at once never get the same answer:
    the one who loses moves on to the following candidate.
    """
    now = now or utcnow()
    lapsed = now - timedelta(minutes=settings.claim_minutes)
    stmt = (
        services.queue(marker, module_slug)
        .where(
            or_(
                ScenarioSubmission.claimed_by_id.is_(None),
                ScenarioSubmission.claimed_by_id == marker.id,
                ScenarioSubmission.claimed_at < lapsed,
            )
        )
        .limit(TRIES)
    )
    for candidate in list(session.scalars(stmt)):
        try:
            services.claim(session, marker, candidate, settings, now)
        except services.AssessmentError:
            continue  # someone else took it (or marked it) a moment ago
        return candidate
    return None


def previous_attempt(session: Session, submission: ScenarioSubmission) -> ScenarioSubmission | None:
    """The trainee's latest marked attempt at the same scenario before this one, if any."""
    if submission.attempt_number <= 1:
        return None
    stmt = (
        select(ScenarioSubmission)
        .where(
            ScenarioSubmission.person_id == submission.person_id,
            ScenarioSubmission.scenario_key == submission.scenario_key,
            ScenarioSubmission.attempt_number < submission.attempt_number,
            ScenarioSubmission.status == MARKED,
        )
        .options(selectinload(ScenarioSubmission.marks).selectinload(ScenarioMark.marker))
        .order_by(ScenarioSubmission.attempt_number.desc())
        .limit(1)
    )
    return session.scalars(stmt).first()


def marks_by_criterion(mark: ScenarioMark | None) -> dict[str, dict]:
    """A mark's criteria by rubric criterion id, to show each beside the same criterion now."""
    if mark is None:
        return {}
    return {str(c.get("id")): c for c in mark.criteria or []}
