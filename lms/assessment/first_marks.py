"""The first mark of a scenario answer, written or oral: stored, audited and announced
(``scenario_marked``, whose subscriber emails the trainee) in the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.assessment.models import FIRST, ScenarioMark, ScenarioSubmission
from lms.audit.services import record
from lms.events import scenario_marked


def first_mark(
    session: Session,
    marker: Person,
    submission: ScenarioSubmission,
    criteria: list[dict],
    outcome: str,
    feedback: str,
    now: datetime,
    **details,
) -> ScenarioMark:
    """Store the first mark of a marked answer, audit it (``details`` say more, e.g. that it
    was oral) and send ``scenario_marked`` (the trainee's email), in the caller's transaction."""
    result = ScenarioMark(
        submission_id=submission.id,
        marker_id=marker.id,
        kind=FIRST,
        outcome=outcome,
        criteria=criteria,
        feedback=feedback.strip(),
        marked_at=now,
    )
    session.add(result)
    session.flush()
    session.refresh(submission)
    record(
        session,
        actor=marker,
        action="scenario.marked",
        subject_type="scenario_submission",
        subject_id=submission.id,
        scheme_id=submission.scheme_id,
        reason=feedback.strip()[:500],
        details={
            "outcome": outcome,
            "met": sum(1 for c in criteria if c["met"]),
            "mode": submission.mode,
            **details,
        },
    )
    scenario_marked.send(submission, session=session, actor=marker, mark=result)
    return result
