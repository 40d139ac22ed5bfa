"""Mentors (anyone who holds or has held a certificate) and their profiles: capacity,
availability and what they offer; saving a profile is checked and audited."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Person
from lms.audit.services import record
from lms.certificates.models import Certificate
from lms.db import utcnow
from lms.matching.fields import RecordError, check_languages, check_plain, clean
from lms.matching.models import AREA_LENGTH, GENDERS, NEEDS, MentorProfile
from lms.matching.policy import may_edit_profile

MAX_CAPACITY = 20
INTERESTS_LENGTH = 2000


def _holder_ids():
    return select(Certificate.person_id)


def scheme_mentors(session: Session, scheme_id: int | None) -> list[Person]:
    """The scheme's mentors (people who hold or have held a certificate), by name."""
    return list(session.scalars(mentors_query(scheme_id)))


def mentors_query(scheme_id: int | None, query: str = "") -> Select[tuple[Person]]:
    """Certificate holders of a scheme (all schemes when ``scheme_id`` is None), by name."""
    stmt = (
        select(Person)
        .where(Person.id.in_(_holder_ids()), Person.active.is_(True))
        .options(selectinload(Person.scheme))
        .order_by(func.lower(Person.name), Person.id)
    )
    if scheme_id is not None:
        stmt = stmt.where(Person.scheme_id == scheme_id)
    if query.strip():
        stmt = stmt.where(func.lower(Person.name).contains(query.strip().lower()))
    return stmt


def has_held_certificate(session: Session, person: Person) -> bool:
    """Whether the person holds or has ever held a certificate (and so is a mentor)."""
    stmt = select(Certificate.id).where(Certificate.person_id == person.id).limit(1)
    return session.scalar(stmt) is not None


def find_mentor(session: Session, person_id: int) -> Person | None:
    """The person if they hold or have held a certificate, else None."""
    person = session.get(Person, person_id)
    if person is None or not has_held_certificate(session, person):
        return None
    return person


@dataclass(frozen=True)
class ProfileDetails:
    """What a mentor profile records."""

    available: bool
    capacity: int
    area: str = ""
    languages: list[str] = field(default_factory=list)
    gender: str = "not_said"
    needs_experience: list[str] = field(default_factory=list)
    interests: str = ""


def profile_of(session: Session, person: Person) -> MentorProfile:
    """The person's profile, or an unsaved one with the defaults if they have none yet."""
    profile = session.scalars(
        select(MentorProfile).where(MentorProfile.person_id == person.id)
    ).first()
    if profile is None:
        profile = MentorProfile(
            person_id=person.id,
            available=True,
            capacity=2,
            area="",
            languages=[],
            gender="not_said",
            needs_experience=[],
            interests="",
        )
    return profile


def profiles_of(session: Session, person_ids: list[int]) -> dict[int, MentorProfile]:
    """The saved profiles of these people, by person id, in one query."""
    if not person_ids:
        return {}
    stmt = select(MentorProfile).where(MentorProfile.person_id.in_(person_ids))
    return {p.person_id: p for p in session.scalars(stmt)}


def save_profile(
    session: Session, actor: Person, person: Person, details: ProfileDetails
) -> MentorProfile:
    """Create or change a mentor's profile; audited with the fields that changed."""
    if not may_edit_profile(actor, person):
        raise RecordError("You cannot change this mentor profile.", "available")
    if not has_held_certificate(session, person):
        raise RecordError("Only certificate holders have a mentor profile.", "available")
    if not 0 <= details.capacity <= MAX_CAPACITY:
        raise RecordError(f"Enter a number from 0 to {MAX_CAPACITY}", "capacity")
    if details.gender not in GENDERS:
        raise RecordError("Choose a gender from the list", "gender")
    if set(details.needs_experience) - set(NEEDS):
        raise RecordError("Choose needs from the list", "needs_experience")
    check_plain(details.area, "area", "area")
    check_languages(details.languages)
    check_plain(details.interests, "interests", "interests", multi_line=True)
    profile = profile_of(session, person)
    values = {
        "available": details.available,
        "capacity": details.capacity,
        "area": clean(details.area)[:AREA_LENGTH],
        "languages": list(details.languages),
        "gender": details.gender,
        "needs_experience": [n for n in NEEDS if n in details.needs_experience],
        "interests": clean(details.interests)[:INTERESTS_LENGTH],
    }
    new = profile.id is None
    changed = [name for name, value in values.items() if new or getattr(profile, name) != value]
    if not changed:
        return profile
    for name, value in values.items():
        setattr(profile, name, value)
    profile.updated_at = utcnow()
    session.add(profile)
    try:
        session.flush()
    except IntegrityError as exc:
        raise RecordError(
            "Someone saved this profile at the same moment. Reload the page and try again.",
            "available",
        ) from exc
    record(
        session,
        actor=actor,
        action="mentor_profile.created" if new else "mentor_profile.updated",
        subject_type="person",
        subject_id=person.id,
        scheme_id=person.scheme_id,
        details={
            "changed": changed,
            "available": profile.available,
            "capacity": profile.capacity,
        },
    )
    return profile
