"""Records behind the matching pages: mentees, mentor profiles, conflicts, supervision, dashboard.

The matching gate itself lives in ``lms.matching.gate``; this module keeps the records the gate
reads, checks who may see and change them, audits every change, and gathers what the pages and
the accreditation register show with a fixed number of queries however many mentors there are.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Select, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from lms.accounts.duties import is_own, refuse_own
from lms.accounts.models import Person, Role
from lms.accounts.text import hidden_problem
from lms.audit.services import record
from lms.certificates.models import Certificate
from lms.db import utcnow
from lms.domain import DomainError
from lms.matching.models import (
    ACTIVE,
    CONFLICT_KINDS,
    ENDED,
    GENDER_PREFERENCES,
    GENDERS,
    NEEDS,
    PAUSED,
    PROPOSED,
    DeclaredConflict,
    Match,
    Mentee,
    MentorProfile,
    SupervisionSession,
)

RELEASE_WINDOW_DAYS = 14
EXPIRY_WARNING_DAYS = 60
# A mentee "has a mentor" while a match is proposed or active; a paused match needs action.
HAS_MENTOR = (PROPOSED, ACTIVE)
OPEN = (PROPOSED, ACTIVE, PAUSED)
MENTEE_FILTERS = {
    "": "Everyone",
    "needs_mentor": "Needs a mentor",
    "matched": "Matched",
    "releasing": f"Released in the next {RELEASE_WINDOW_DAYS} days",
}
MAX_LANGUAGES = 10
MAX_LANGUAGE_LENGTH = 40


class RecordError(DomainError):
    """A change the matching records refuse; the message is safe to show, ``field`` names it."""


class AlreadyRecorded(RecordError):
    """The record exists already: a mentee reference taken in the scheme, a conflict declared."""

    code = "already_exists"


# ---------------------------------------------------------------------------
# Who may do what


def coordinates(actor: Person | None, scheme_id: int | None) -> bool:
    """Active coordinators of the scheme and active admins manage its mentees, matches, mentor
    profiles and API keys. The one rule for "may coordinate"; a deactivated account may nothing."""
    if actor is None or not actor.active:
        return False
    if actor.has_role(Role.ADMIN):
        return True
    return (
        actor.has_role(Role.COORDINATOR)
        and actor.scheme_id is not None
        and actor.scheme_id == scheme_id
    )


def may_see_notes(actor: Person, mentee: Mentee) -> bool:
    """Restricted notes are for the mentee's scheme coordinators only (not admins, not trainers)."""
    return (
        actor.has_role(Role.COORDINATOR)
        and actor.scheme_id is not None
        and actor.scheme_id == mentee.scheme_id
    )


def may_supervise(actor: Person, mentor: Person) -> bool:
    """Trainers of the mentor's scheme and admins record supervision; nobody their own."""
    if is_own(actor, mentor):
        return False
    if actor.has_role(Role.ADMIN):
        return True
    return (
        actor.has_role(Role.TRAINER)
        and actor.scheme_id is not None
        and actor.scheme_id == mentor.scheme_id
    )


def may_edit_profile(actor: Person, person: Person) -> bool:
    """The holder edits their own profile; the scheme's coordinators and admins may too."""
    return actor.id == person.id or coordinates(actor, person.scheme_id)


# ---------------------------------------------------------------------------
# Small parsing helpers


def parse_languages(text: str) -> list[str]:
    """Comma-separated languages as a clean list, each once, in the order given."""
    seen: set[str] = set()
    languages = []
    for part in (text or "").split(","):
        name = " ".join(part.split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            languages.append(name[:MAX_LANGUAGE_LENGTH])
    return languages


def _clean(text: str | None) -> str:
    return (text or "").strip()


def _check_plain(value: str | None, what: str, field: str, multi_line: bool = False) -> None:
    """RecordError unless ``value`` is free of control, zero-width and text-direction characters
    (web forms, the API and the command line all save through here)."""
    problem = hidden_problem(value or "", what, multi_line)
    if problem:
        raise RecordError(problem, field)


def _check_languages(languages: list[str]) -> None:
    if len(languages) > MAX_LANGUAGES:
        raise RecordError(f"Enter at most {MAX_LANGUAGES} languages", "languages")
    for language in languages:
        _check_plain(language, "list of languages", "languages")
        if len(language) > MAX_LANGUAGE_LENGTH:
            raise RecordError(
                f"Each language must be {MAX_LANGUAGE_LENGTH} characters or fewer", "languages"
            )


# ---------------------------------------------------------------------------
# Mentees


@dataclass(frozen=True)
class MenteeDetails:
    """What a coordinator records about a mentee; no name is needed, only a reference."""

    reference: str
    area: str = ""
    gender: str = "not_said"
    gender_preference: str = "none"
    under_18: bool = False
    needs: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    in_custody: bool = False
    release_date: date | None = None
    mappa_level: int | None = None
    high_risk: bool = False
    probation_agreed: bool = False
    # None leaves the notes as they are (for people who may not see them).
    restricted_notes: str | None = None


def _check_mentee(details: MenteeDetails, today: date) -> None:
    reference = _clean(details.reference)
    if not reference:
        raise RecordError("Enter a reference for the mentee", "reference")
    # A zero-width character would make a second record that looks like the first one.
    _check_plain(reference, "reference", "reference")
    _check_plain(details.area, "area", "area")
    if len(reference) > 40:
        raise RecordError("The reference must be 40 characters or fewer", "reference")
    if details.gender not in GENDERS:
        raise RecordError("Choose the mentee's gender", "gender")
    if details.gender_preference not in GENDER_PREFERENCES:
        raise RecordError(
            "Choose whether the mentee wants a mentor of a gender", "gender_preference"
        )
    unknown = set(details.needs) - set(NEEDS)
    if unknown:
        raise RecordError("Choose needs from the list", "needs")
    if details.mappa_level not in (None, 1, 2, 3):
        raise RecordError("Choose a MAPPA level from the list", "mappa_level")
    _check_languages(details.languages)
    if details.release_date is not None and not details.in_custody:
        raise RecordError("Only enter a release date for someone who is in custody", "release_date")
    if details.in_custody and details.release_date is not None and details.release_date < today:
        raise RecordError(
            "The release date has passed: change it, or say the person is no longer in custody",
            "release_date",
        )


def _reference_taken(session: Session, scheme_id: int, reference: str, mentee_id: int | None):
    stmt = select(Mentee.id).where(
        Mentee.scheme_id == scheme_id, func.lower(Mentee.reference) == reference.lower()
    )
    if mentee_id is not None:
        stmt = stmt.where(Mentee.id != mentee_id)
    return session.scalar(stmt.limit(1)) is not None


def _taken_message(reference: str) -> str:
    return (
        f"Your scheme already has a mentee with the reference {reference}. "
        "Use a different reference, or open the existing record"
    )


MENTEE_FIELDS = (
    "reference",
    "area",
    "gender",
    "gender_preference",
    "under_18",
    "needs",
    "languages",
    "in_custody",
    "release_date",
    "mappa_level",
    "high_risk",
    "probation_agreed",
)


def _apply(mentee: Mentee, details: MenteeDetails) -> list[str]:
    """Copy the details on to the mentee and return the names of the fields that changed."""
    values = {
        "reference": _clean(details.reference),
        "area": _clean(details.area)[:100],
        "gender": details.gender,
        "gender_preference": details.gender_preference,
        "under_18": details.under_18,
        "needs": [n for n in NEEDS if n in details.needs],
        "languages": list(details.languages),
        "in_custody": details.in_custody,
        "release_date": details.release_date if details.in_custody else None,
        "mappa_level": details.mappa_level,
        "high_risk": details.high_risk,
        "probation_agreed": details.probation_agreed,
    }
    changed = [name for name in MENTEE_FIELDS if getattr(mentee, name) != values[name]]
    for name, value in values.items():
        setattr(mentee, name, value)
    if details.restricted_notes is not None and mentee.restricted_notes != _clean(
        details.restricted_notes
    ):
        mentee.restricted_notes = _clean(details.restricted_notes)
        changed.append("restricted_notes")
    return changed


def register_mentee(
    session: Session, actor: Person, scheme_id: int, details: MenteeDetails, today: date
) -> Mentee:
    """Register a mentee in the scheme under a reference unique within the scheme."""
    if not coordinates(actor, scheme_id):
        raise RecordError("Only the scheme's coordinators can register mentees.", "reference")
    _check_mentee(details, today)
    reference = _clean(details.reference)
    if _reference_taken(session, scheme_id, reference, None):
        raise AlreadyRecorded(_taken_message(reference), "reference")
    mentee = Mentee(
        scheme_id=scheme_id,
        created_by_id=actor.id,
        restricted_notes="",
    )
    _apply(mentee, details)
    session.add(mentee)
    try:
        session.flush()
    except IntegrityError as exc:
        raise AlreadyRecorded(_taken_message(reference), "reference") from exc
    record(
        session,
        actor=actor,
        action="mentee.registered",
        subject_type="mentee",
        subject_id=mentee.id,
        scheme_id=scheme_id,
        details={"reference": mentee.reference},
    )
    return mentee


def update_mentee(
    session: Session, actor: Person, mentee: Mentee, details: MenteeDetails, today: date
) -> list[str]:
    """Change a mentee's details; returns the names of the fields that changed (audited)."""
    if not coordinates(actor, mentee.scheme_id):
        raise RecordError("Only the scheme's coordinators can change this record.", "reference")
    if details.restricted_notes is not None and not may_see_notes(actor, mentee):
        raise RecordError(
            "Only the scheme's coordinators can change restricted notes.", "reference"
        )
    _check_mentee(details, today)
    reference = _clean(details.reference)
    if _reference_taken(session, mentee.scheme_id, reference, mentee.id):
        raise AlreadyRecorded(_taken_message(reference), "reference")
    changed = _apply(mentee, details)
    if not changed:
        return []
    try:
        session.flush()
    except IntegrityError as exc:
        raise AlreadyRecorded(_taken_message(reference), "reference") from exc
    record(
        session,
        actor=actor,
        action="mentee.updated",
        subject_type="mentee",
        subject_id=mentee.id,
        scheme_id=mentee.scheme_id,
        # Field names only: the trail must not copy restricted notes or risk details around.
        details={"changed": changed},
    )
    return changed


def has_mentor():
    return exists().where(Match.mentee_id == Mentee.id, Match.status.in_(HAS_MENTOR))


def mentees_query(
    scheme_id: int | None, query: str = "", show: str = "", today: date | None = None
) -> Select[tuple[Mentee]]:
    """Mentees of a scheme (every scheme when ``scheme_id`` is None), filtered, by reference."""
    stmt = (
        select(Mentee)
        .options(selectinload(Mentee.scheme))
        .order_by(func.lower(Mentee.reference), Mentee.id)
    )
    if scheme_id is not None:
        stmt = stmt.where(Mentee.scheme_id == scheme_id)
    if query.strip():
        stmt = stmt.where(func.lower(Mentee.reference).contains(query.strip().lower()))
    if show == "needs_mentor":
        stmt = stmt.where(~has_mentor())
    elif show == "matched":
        stmt = stmt.where(has_mentor())
    elif show == "releasing" and today is not None:
        stmt = (
            stmt.where(
                Mentee.in_custody.is_(True),
                Mentee.release_date >= today,
                Mentee.release_date <= today + timedelta(days=RELEASE_WINDOW_DAYS),
            )
            .order_by(None)
            .order_by(Mentee.release_date, Mentee.id)
        )
    return stmt


def open_matches(session: Session, mentee_ids: list[int]) -> dict[int, list[Match]]:
    """Each mentee's proposed, active and paused matches, with mentors, in one query."""
    if not mentee_ids:
        return {}
    stmt = (
        select(Match)
        .where(Match.mentee_id.in_(mentee_ids), Match.status.in_(OPEN))
        .options(selectinload(Match.mentor))
        .order_by(Match.created_at, Match.id)
    )
    found: dict[int, list[Match]] = defaultdict(list)
    for match in session.scalars(stmt):
        found[match.mentee_id].append(match)
    return found


def matches_of(session: Session, mentee: Mentee) -> list[Match]:
    """Every match of the mentee, open ones first, newest first."""
    stmt = (
        select(Match)
        .where(Match.mentee_id == mentee.id)
        .options(selectinload(Match.mentor))
        .order_by(Match.created_at.desc(), Match.id.desc())
    )
    matches = list(session.scalars(stmt))
    return sorted(matches, key=lambda m: m.status == ENDED)


# ---------------------------------------------------------------------------
# Mentors: anyone in the scheme who holds or has held a certificate


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
    stmt = select(Certificate.id).where(Certificate.person_id == person.id).limit(1)
    return session.scalar(stmt) is not None


def find_mentor(session: Session, person_id: int) -> Person | None:
    """The person if they hold or have held a certificate, else None."""
    person = session.get(Person, person_id)
    if person is None or not has_held_certificate(session, person):
        return None
    return person


# ---------------------------------------------------------------------------
# Mentor profiles


@dataclass(frozen=True)
class ProfileDetails:
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
    if not 0 <= details.capacity <= 20:
        raise RecordError("Enter a number from 0 to 20", "capacity")
    if details.gender not in GENDERS:
        raise RecordError("Choose a gender from the list", "gender")
    if set(details.needs_experience) - set(NEEDS):
        raise RecordError("Choose needs from the list", "needs_experience")
    _check_plain(details.area, "area", "area")
    _check_languages(details.languages)
    _check_plain(details.interests, "interests", "interests", multi_line=True)
    profile = profile_of(session, person)
    values = {
        "available": details.available,
        "capacity": details.capacity,
        "area": _clean(details.area)[:100],
        "languages": list(details.languages),
        "gender": details.gender,
        "needs_experience": [n for n in NEEDS if n in details.needs_experience],
        "interests": _clean(details.interests)[:2000],
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


# ---------------------------------------------------------------------------
# Declared conflicts


def conflicts_of(session: Session, mentee: Mentee) -> list[tuple[DeclaredConflict, Person]]:
    stmt = (
        select(DeclaredConflict, Person)
        .join(Person, Person.id == DeclaredConflict.mentor_id)
        .where(DeclaredConflict.mentee_id == mentee.id)
        .order_by(func.lower(Person.name), DeclaredConflict.id)
    )
    return [(c, p) for c, p in session.execute(stmt).all()]


def add_conflict(
    session: Session, actor: Person, mentee: Mentee, mentor_id: int | None, kind: str
) -> DeclaredConflict:
    """Declare that a mentor and a mentee must never be matched; audited."""
    refuse_own(actor, mentor_id, "conflict")
    if not coordinates(actor, mentee.scheme_id):
        raise RecordError("Only the scheme's coordinators can declare conflicts.", "mentor_id")
    mentor = find_mentor(session, mentor_id) if mentor_id else None
    if mentor is None or mentor.scheme_id != mentee.scheme_id:
        raise RecordError("Choose a mentor from your scheme", "mentor_id")
    if kind not in CONFLICT_KINDS:
        raise RecordError("Choose what the conflict is", "kind")
    duplicate = AlreadyRecorded(
        f"This conflict with {mentor.name} is already recorded.", "mentor_id"
    )
    same = select(DeclaredConflict.id).where(
        DeclaredConflict.mentor_id == mentor.id,
        DeclaredConflict.mentee_id == mentee.id,
        DeclaredConflict.kind == kind,
    )
    if session.scalar(same) is not None:
        raise duplicate
    conflict = DeclaredConflict(
        mentor_id=mentor.id, mentee_id=mentee.id, kind=kind, recorded_by_id=actor.id
    )
    session.add(conflict)
    try:
        session.flush()
    except IntegrityError as exc:  # recorded by someone else at the same moment
        raise duplicate from exc
    record(
        session,
        actor=actor,
        action="conflict.declared",
        subject_type="mentee",
        subject_id=mentee.id,
        scheme_id=mentee.scheme_id,
        details={"mentor_id": mentor.id, "kind": kind},
    )
    return conflict


def remove_conflict(session: Session, actor: Person, conflict: DeclaredConflict) -> Mentee:
    """Remove a declared conflict (recorded in error, say); audited. Returns the mentee."""
    refuse_own(actor, conflict.mentor_id, "conflict")
    mentee = session.get(Mentee, conflict.mentee_id)
    if mentee is None or not coordinates(actor, mentee.scheme_id):
        raise RecordError("Only the scheme's coordinators can remove conflicts.")
    record(
        session,
        actor=actor,
        action="conflict.removed",
        subject_type="mentee",
        subject_id=mentee.id,
        scheme_id=mentee.scheme_id,
        details={"mentor_id": conflict.mentor_id, "kind": conflict.kind},
    )
    session.delete(conflict)
    session.flush()
    return mentee


def open_match_between(session: Session, mentor_id: int, mentee_id: int) -> Match | None:
    stmt = select(Match).where(
        Match.mentor_id == mentor_id, Match.mentee_id == mentee_id, Match.status.in_(OPEN)
    )
    return session.scalars(stmt).first()


# ---------------------------------------------------------------------------
# Supervision


def record_supervision(
    session: Session,
    actor: Person,
    mentor: Person,
    held_on: date | None,
    wellbeing: str,
    support_agreed: str,
    today: date,
) -> SupervisionSession:
    """Record a supervision session for an accredited mentor; audited (without its content)."""
    refuse_own(actor, mentor, "supervise")
    if not may_supervise(actor, mentor):
        raise RecordError("You cannot record supervision for this mentor.", "held_on")
    if held_on is None:
        raise RecordError("Enter the date of the session", "held_on")
    if held_on > today:
        raise RecordError("The date of the session must be today or in the past", "held_on")
    if not _clean(wellbeing):
        raise RecordError("Say how the mentor is doing", "wellbeing")
    entry = SupervisionSession(
        mentor_id=mentor.id,
        supervisor_id=actor.id,
        held_on=held_on,
        wellbeing=_clean(wellbeing),
        support_agreed=_clean(support_agreed),
    )
    session.add(entry)
    session.flush()
    record(
        session,
        actor=actor,
        action="supervision.recorded",
        subject_type="person",
        subject_id=mentor.id,
        scheme_id=mentor.scheme_id,
        details={"session": entry.id, "held_on": held_on.isoformat()},
    )
    return entry


def supervision_of(session: Session, mentor: Person) -> list[SupervisionSession]:
    stmt = (
        select(SupervisionSession)
        .where(SupervisionSession.mentor_id == mentor.id)
        .options(selectinload(SupervisionSession.supervisor))
        .order_by(SupervisionSession.held_on.desc(), SupervisionSession.id.desc())
    )
    return list(session.scalars(stmt))


def last_supervision(session: Session, person_ids: list[int]) -> dict[int, date]:
    """Each mentor's most recent supervision date, in one query."""
    if not person_ids:
        return {}
    stmt = (
        select(SupervisionSession.mentor_id, func.max(SupervisionSession.held_on))
        .where(SupervisionSession.mentor_id.in_(person_ids))
        .group_by(SupervisionSession.mentor_id)
    )
    return dict(session.execute(stmt).all())
