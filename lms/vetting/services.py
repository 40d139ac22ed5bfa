"""Recording DBS checks and listing who in a scheme needs one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.duties import refuse_own
from lms.accounts.models import Person, PersonRole, Role
from lms.audit.services import record
from lms.domain import DomainError
from lms.vetting.models import LEVELS, VettingCheck


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


def record_check(
    session: Session, actor: Person, person: Person, details: CheckDetails, today: date
) -> VettingCheck:
    """Store one DBS check (never conviction details) and audit it; nobody records their own."""
    refuse_own(actor, person, "record_check")
    if not may_record(actor, person.scheme_id):
        raise VettingError("You cannot record checks for this person.", "level")
    if details.level not in LEVELS:
        raise VettingError("Choose the level of the DBS check.", "level")
    if details.certificate_date > today:
        raise VettingError("The certificate date must be today or in the past.", "certificate_date")
    if details.recheck_due < details.certificate_date:
        raise VettingError("The recheck date must be after the certificate date.", "recheck_due")
    check = VettingCheck(
        person_id=person.id,
        scheme_id=person.scheme_id,
        level=details.level,
        certificate_date=details.certificate_date,
        update_service=details.update_service,
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
            "certificate_date": details.certificate_date.isoformat(),
            "update_service": details.update_service,
            "recheck_due": details.recheck_due.isoformat(),
        },
    )
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
        stmt = stmt.where(Person.scheme_id == viewer.scheme_id)
    if query.strip():
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(func.lower(Person.name).like(like) | Person.email.like(like))
    return stmt


def latest_checks(session: Session, person_ids: list[int]) -> dict[int, VettingCheck]:
    """Each person's most recently recorded check, in one query."""
    newest = (
        select(func.max(VettingCheck.id))
        .where(VettingCheck.person_id.in_(person_ids))
        .group_by(VettingCheck.person_id)
    )
    checks = session.scalars(select(VettingCheck).where(VettingCheck.id.in_(newest)))
    return {check.person_id: check for check in checks}


def history(session: Session, person: Person) -> list[VettingCheck]:
    stmt = (
        select(VettingCheck)
        .where(VettingCheck.person_id == person.id)
        .order_by(VettingCheck.id.desc())
    )
    return list(session.scalars(stmt))
