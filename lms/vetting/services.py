"""Recording DBS checks, marking one entered in error, and listing who in a scheme needs one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from lms.accounts.duties import refuse_own
from lms.accounts.models import Person, PersonRole, Role
from lms.audit.services import record
from lms.db import utcnow
from lms.domain import DomainError
from lms.events import vetting_withdrawn
from lms.vetting import dates
from lms.vetting.dates import DEFAULT_RECHECK_MONTHS
from lms.vetting.latest import latest_id, latest_order
from lms.vetting.models import LEVELS, VettingCheck
from lms.vetting.recheck_sql import effective_recheck


class VettingError(DomainError):
    """Input the vetting rules refuse; ``field`` names the form field."""


def may_record(actor: Person, scheme_id: int | None) -> bool:
    """Coordinators record checks for people of their own scheme (``scheme_id``); admins for
    anyone."""
    if actor.has_role(Role.ADMIN):
        return True
    return (
        actor.has_role(Role.COORDINATOR)
        and actor.scheme_id is not None
        and actor.scheme_id == scheme_id
    )


@dataclass(frozen=True)
class CheckDetails:
    level: str
    certificate_date: date
    update_service: bool
    recheck_due: date
    kind: str = "dbs"
    update_service_checked_on: date | None = None


def record_check(
    session: Session, actor: Person, person: Person, details: CheckDetails, today: date
) -> VettingCheck:
    """Store one DBS (or older CRB) check, never conviction details, and audit it; nobody
    records their own. The dates must make sense (``lms.vetting.dates``)."""
    refuse_own(actor, person, "record_check")
    if not may_record(actor, person.scheme_id):
        raise VettingError("You cannot record checks for this person.", "level")
    if details.level not in LEVELS:
        raise VettingError("Choose the level of the DBS check.", "level")
    months = person.scheme.dbs_recheck_months if person.scheme else DEFAULT_RECHECK_MONTHS
    problem = dates.first_problem(details, months, today)
    if problem is not None:
        raise VettingError(problem[1], problem[0])
    checked_on = details.update_service_checked_on if details.update_service else None
    check = VettingCheck(
        person_id=person.id,
        scheme_id=person.scheme_id,
        level=details.level,
        kind=details.kind,
        certificate_date=details.certificate_date,
        update_service=details.update_service,
        update_service_checked_on=checked_on,
        recheck_due=details.recheck_due,
        recorded_by_id=actor.id,
    )
    session.add(check)
    session.flush()
    record(
        session,
        actor=actor,
        action="vetting.recorded",
        subject_type="person",
        subject_id=person.id,
        scheme_id=person.scheme_id,
        details={
            "level": details.level,
            "kind": details.kind,
            "certificate_date": details.certificate_date.isoformat(),
            "update_service": details.update_service,
            "update_service_checked_on": checked_on.isoformat() if checked_on else None,
            "recheck_due": details.recheck_due.isoformat(),
        },
    )
    return check


def mark_in_error(
    session: Session, actor: Person, check: VettingCheck, reason: str
) -> VettingCheck:
    """Mark a check as entered in error, with a reason (audited): it stays in the history,
    struck through, and no longer counts for eligibility, the matching gate or rechecks."""
    refuse_own(actor, check.person_id, "record_check")
    if not may_record(actor, check.person.scheme_id):
        raise VettingError("You cannot change checks for this person.", "reason")
    if not reason.strip():
        raise VettingError("Say why this check was entered in error", "reason")
    claimed = session.execute(
        update(VettingCheck)
        .where(VettingCheck.id == check.id, VettingCheck.entered_in_error_at.is_(None))
        .values(
            entered_in_error_at=utcnow(),
            entered_in_error_by_id=actor.id,
            entered_in_error_reason=reason.strip(),
        )
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        raise VettingError("This check is already marked as entered in error.", "reason")
    session.refresh(check)
    record(
        session,
        actor=actor,
        action="vetting.entered_in_error",
        subject_type="person",
        subject_id=check.person_id,
        scheme_id=check.person.scheme_id,
        reason=reason.strip(),
        details={"check_id": check.id, "certificate_date": check.certificate_date.isoformat()},
    )
    # Their live matches meet the gate again (lms/matching/vetting_cascade.py).
    vetting_withdrawn.send(check, session=session, actor=actor)
    return check


def scheme_people(viewer: Person, query: str = ""):
    """Active trainees and trainers the viewer may record checks for, by name."""
    stmt = (
        select(Person)
        .where(
            Person.active.is_(True),
            Person.id.in_(
                select(PersonRole.person_id).where(
                    PersonRole.role.in_([Role.TRAINEE.value, Role.TRAINER.value])
                )
            ),
        )
        .order_by(func.lower(Person.name), Person.id)
    )
    if not viewer.has_role(Role.ADMIN):
        # A coordinator without a scheme sees nobody (not the people without one).
        stmt = stmt.where(Person.scheme_id == viewer.scheme_id, Person.scheme_id.is_not(None))
    if query.strip():
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(func.lower(Person.name).like(like) | Person.email.like(like))
    return stmt


def latest_checks(session: Session, person_ids: list[int]) -> dict[int, VettingCheck]:
    """Each person's latest check (``lms.vetting.latest``: newest certificate date, then the
    last recorded; never one entered in error), in one query."""
    if not person_ids:
        return {}
    stmt = select(VettingCheck).where(
        VettingCheck.person_id.in_(person_ids),
        VettingCheck.id == latest_id(VettingCheck.person_id),
    )
    return {check.person_id: check for check in session.scalars(stmt)}


def history(session: Session, person: Person) -> list[VettingCheck]:
    """Every check of the person, the latest first (``lms.vetting.latest``'s order), so the
    first that is not entered in error is the one that counts."""
    stmt = select(VettingCheck).where(VettingCheck.person_id == person.id).order_by(*latest_order())
    return list(session.scalars(stmt))


RECHECK_WARNING_DAYS = 30


def rechecks_due_query(scheme_id: int | None, today: date):
    """Active people (of the scheme, unless None) whose latest DBS check is due a recheck within
    30 days (or overdue): the ids of those checks."""
    stmt = (
        select(VettingCheck.id)
        .join(Person, Person.id == VettingCheck.person_id)
        .where(
            VettingCheck.id == latest_id(VettingCheck.person_id),
            Person.active.is_(True),
            effective_recheck(VettingCheck) <= today + timedelta(days=RECHECK_WARNING_DAYS),
        )
    )
    return stmt if scheme_id is None else stmt.where(Person.scheme_id == scheme_id)
