"""Second marking that closes: the sample pool, flagged disagreements and how a lead trainer
resolves one, and how often each first marker's marks agree with the second marks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from blinker import Namespace
from sqlalchemy import Select, and_, or_, select, update
from sqlalchemy.orm import Session, selectinload

from lms.accounts.duties import refuse_own
from lms.accounts.models import Person, Role
from lms.assessment.models import FIRST, MARKED, PASS, REFER, SECOND, ScenarioMark
from lms.assessment.models import ScenarioSubmission as Submission
from lms.assessment.services import AssessmentError, may_second_mark
from lms.audit.services import record
from lms.db import utcnow
from lms.events import scenario_resolved
from lms.ukdates import uk_date

MAX_REASON = 2000

# Asked (not told) which of the trainee's current certificates needed this answer's scenario:
# lms/certificates answers, so this feature never imports that one. Sender: the submission;
# keyword argument ``session``; each receiver returns a list of certificate numbers.
certificates_relying_on = Namespace().signal("certificates-relying-on")


def certificates_relying(session: Session, submission: Submission) -> list[str]:
    """Numbers of the trainee's current certificates whose definition required this scenario:
    they should be reviewed if a pass is resolved to a refer (never revoked automatically)."""
    found = certificates_relying_on.send(submission, session=session)
    return sorted({number for _, numbers in found for number in numbers or ()})


def sample_pool(viewer: Person) -> Select[tuple[Submission]]:
    """Marked answers the viewer may second-mark: not their own first marks, not yet sampled."""
    second = select(ScenarioMark.submission_id).where(ScenarioMark.kind == SECOND)
    own_first = select(ScenarioMark.submission_id).where(
        and_(ScenarioMark.kind == FIRST, ScenarioMark.marker_id == viewer.id)
    )
    stmt = (
        select(Submission)
        .where(
            Submission.status == MARKED,
            Submission.id.not_in(second),
            Submission.id.not_in(own_first),
            Submission.person_id != viewer.id,
        )
        .order_by(Submission.marked_at.desc(), Submission.id.desc())
    )
    if not viewer.has_role(Role.ADMIN):
        stmt = stmt.where(Submission.scheme_id == viewer.scheme_id)
    return stmt


def disagreements(viewer: Person) -> Select[tuple[Submission]]:
    """Flagged answers (open first), then those already resolved, in the viewer's scope."""
    stmt = (
        select(Submission)
        .where(or_(Submission.flagged.is_(True), Submission.resolved_at.is_not(None)))
        .options(
            selectinload(Submission.scenario),
            selectinload(Submission.resolved_by),
            selectinload(Submission.marks),
        )
        .order_by(
            Submission.flagged.desc(),
            Submission.resolved_at.desc(),
            Submission.marked_at.desc(),
            Submission.id.desc(),
        )
    )
    if not viewer.has_role(Role.ADMIN):
        stmt = stmt.where(Submission.scheme_id == viewer.scheme_id)
    return stmt


def refusal(resolver: Person, submission: Submission) -> str | None:
    """Why ``resolver`` may not resolve this answer now, or None. Their own answer raises
    ``OwnRecord``."""
    refuse_own(resolver, submission.person_id, "second_mark")
    if not may_second_mark(resolver):
        return "Only a lead trainer or an admin can resolve a disagreement."
    first, second = submission.mark_of(FIRST), submission.mark_of(SECOND)
    if not submission.flagged or first is None or second is None:
        return not_open(submission)
    if first.marker_id == resolver.id:
        return (
            "You gave the first mark, so someone else must resolve this disagreement. "
            "Ask another lead trainer or an admin."
        )
    if second.marker_id == resolver.id:
        return (
            "You gave the second mark, so someone else must resolve it. "
            "Ask another lead trainer or an admin."
        )
    return None


def resolve(
    session: Session,
    resolver: Person,
    submission: Submission,
    outcome: str,
    reason: str,
    now: datetime | None = None,
) -> Submission:
    """Record the agreed outcome of a flagged disagreement and why; the flag is then closed.

    Only a lead trainer or an admin, never the trainee or either marker. The update is
    conditional on the answer still being flagged, so two people resolving at once cannot both
    succeed. The trainee is told (through the ``scenario_resolved`` subscriber) when the agreed
    outcome differs from the first mark's.
    """
    problem = refusal(resolver, submission)
    if problem:
        raise AssessmentError(problem)
    first, second = submission.mark_of(FIRST), submission.mark_of(SECOND)
    if outcome not in (PASS, REFER):
        raise AssessmentError("Choose the agreed outcome: pass or refer.", "outcome")
    reason = (reason or "").strip()
    if not reason:
        raise AssessmentError("Say why this is the agreed outcome.", "reason")
    if len(reason) > MAX_REASON:
        raise AssessmentError(f"Keep the reason under {MAX_REASON:,} characters.", "reason")
    now = now or utcnow()
    previous = submission.outcome
    done = session.execute(
        update(Submission)
        .where(Submission.id == submission.id, Submission.flagged.is_(True))
        .values(
            flagged=False,
            outcome=outcome,
            resolved_by_id=resolver.id,
            resolved_at=now,
            resolution=reason,
        )
        .execution_options(synchronize_session=False)
    )
    session.refresh(submission)
    if done.rowcount != 1:
        raise AssessmentError(not_open(submission))
    changed = outcome != previous
    review = (
        certificates_relying(session, submission) if (previous, outcome) == (PASS, REFER) else []
    )
    record(
        session,
        actor=resolver,
        action="scenario.resolved",
        subject_type="scenario_submission",
        subject_id=submission.id,
        scheme_id=submission.scheme_id,
        reason=reason[:500],
        details={
            "first_outcome": first.outcome,
            "second_outcome": second.outcome,
            "agreed_outcome": outcome,
            "changed": changed,
            "mode": submission.mode,
            "certificates_to_review": review,
        },
    )
    scenario_resolved.send(
        submission, session=session, actor=resolver, previous=previous, changed=changed
    )
    return submission


def not_open(submission: Submission) -> str:
    """Why an answer that is not flagged (any more) cannot be resolved."""
    if submission.resolved_at is not None:
        who = submission.resolved_by.name if submission.resolved_by else "someone"
        return (
            f"This disagreement was already resolved by {who} on "
            f"{uk_date(submission.resolved_at)}. The agreed outcome stands."
        )
    return (
        "This answer is not flagged: only an answer whose first and second markers disagree "
        "can be resolved."
    )


@dataclass(frozen=True)
class Agreement:
    """How often a trainer's first marks matched the second marks of their sampled answers,
    and of the disagreements resolved, how many were resolved for the first marker's outcome."""

    marker: Person
    sampled: int
    agreed: int
    resolved: int = 0
    upheld: int = 0

    @property
    def percent(self) -> int:
        return (self.agreed * 100) // self.sampled if self.sampled else 0

    @property
    def disagreed(self) -> int:
        return self.sampled - self.agreed


def agreement(session: Session, viewer: Person) -> list[Agreement]:
    """Agreement between first and second markers, per first marker, in the viewer's scope."""
    first, second = ScenarioMark.__table__.alias("first"), ScenarioMark.__table__.alias("second")
    stmt = (
        select(
            first.c.marker_id,
            first.c.outcome,
            second.c.outcome,
            Submission.resolved_at,
            Submission.outcome,
        )
        .join(second, and_(second.c.submission_id == first.c.submission_id))
        .join(Submission, Submission.id == first.c.submission_id)
        .where(first.c.kind == FIRST, second.c.kind == SECOND)
    )
    if not viewer.has_role(Role.ADMIN):
        stmt = stmt.where(Submission.scheme_id == viewer.scheme_id)
    counts: dict[int, list[int]] = {}
    for marker_id, first_outcome, second_outcome, resolved_at, agreed in session.execute(stmt):
        row = counts.setdefault(marker_id, [0, 0, 0, 0])
        row[0] += 1
        row[1] += 1 if first_outcome == second_outcome else 0
        if resolved_at is not None and first_outcome != second_outcome:
            row[2] += 1
            row[3] += 1 if agreed == first_outcome else 0
    markers = {p.id: p for p in session.scalars(select(Person).where(Person.id.in_(counts)))}
    return sorted(
        (Agreement(markers[i], *row) for i, row in counts.items()),
        key=lambda row: row.marker.name.lower(),
    )
