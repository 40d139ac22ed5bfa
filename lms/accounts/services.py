"""Rules for accounts: sign-in checks, invitations, roles, deactivation and schemes."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from lms.accounts import passwords, statuses, text, usernames
from lms.accounts.models import Person, PersonRole, Role, Scheme, new_session_token
from lms.audit.services import record
from lms.db import utcnow
from lms.domain import DomainError


class AccountError(DomainError):
    """A request about accounts that the rules refuse; the message is safe to show."""


class PasswordRejected(AccountError):
    """The password breaks the policy; ``problems`` says every way it does."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(problems[0], field="password")
        self.problems = problems


# Who may invite whom: a trainer brings in trainees, a coordinator runs their scheme's team.
INVITABLE_ROLES: dict[Role, list[Role]] = {
    Role.ADMIN: [Role.TRAINEE, Role.TRAINER, Role.COORDINATOR, Role.ADMIN],
    Role.COORDINATOR: [Role.TRAINEE, Role.TRAINER, Role.COORDINATOR],
    Role.TRAINER: [Role.TRAINEE],
}

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def normalise_email(email: str) -> str:
    """The address as stored: NFKC, lower case (see ``lms.accounts.text``)."""
    return text.normalise_email(email)


def find_by_email(session: Session, email: str) -> Person | None:
    """The account this address belongs to, however its letters are written (NFKC case-folded)."""
    key = text.email_key(email)
    return session.scalars(select(Person).where(Person.email_key == key)).first()


def checked_name(name: str | None, field: str = "name", what: str = "name") -> str:
    """The name in NFC with tidy spaces, or AccountError naming what is wrong with it."""
    problem = text.name_problem(name, what)
    if problem:
        raise AccountError(problem + ".", field=field)
    return text.clean_name(name or "")


def checked_email(email: str | None, field: str = "email") -> str:
    """The address in its stored form, or AccountError if it is blank or has hidden characters."""
    problem = text.email_problem(email)
    if problem:
        raise AccountError(problem + ".", field=field)
    return normalise_email(email or "")


def authenticate(session: Session, email: str, password: str) -> Person | None:
    """The active person with this email or username and password, or None (unknown or wrong)."""
    person = usernames.find_for_sign_in(session, email)
    stored = person.password_hash if person is not None else None
    if not passwords.verify_password(stored, password) or person is None or not person.active:
        return None
    if passwords.needs_rehash(stored or ""):
        person.password_hash = passwords.hash_password(password)
    person.last_signed_in_at = utcnow()
    return person


def invitable_roles(inviter: Person) -> list[Role]:
    """The roles ``inviter`` may give to someone new, most junior first."""
    allowed: set[Role] = set()
    for role in inviter.roles:
        allowed.update(INVITABLE_ROLES.get(role, []))
    return [role for role in Role if role in allowed]


def invitable_schemes(session: Session, inviter: Person) -> list[Scheme]:
    if inviter.has_role(Role.ADMIN):
        return list(session.scalars(select(Scheme).order_by(Scheme.name)))
    return [inviter.scheme] if inviter.scheme else []


def create_person(
    session: Session,
    *,
    email: str | None,
    name: str,
    roles: Iterable[Role],
    scheme: Scheme | None,
    password: str | None = None,
) -> Person:
    """Make an account; the caller has checked that the email (or, if None, username) is free."""
    person = Person(email=email and checked_email(email), name=checked_name(name), scheme=scheme)
    person.created_at = person.joined_scheme_at = utcnow()  # joined the scheme with the account
    if password is not None:
        _apply_password(person, password)
    person.role_rows = [PersonRole(role=Role(role).value) for role in roles]
    session.add(person)
    session.flush()
    return person


@dataclass(frozen=True)
class Invitation:
    """What an invitation did: made ``person``, or found ``existing`` in a scheme the inviter
    cannot see (then nothing is made and the holder is told instead). ``email`` is the address
    as stored, the same words either way."""

    email: str
    person: Person | None = None
    existing: Person | None = None
    # ``person`` was already invited and has yet to accept: the caller sends the invitation again.
    again: bool = False


def may_see_account(viewer: Person, person: Person) -> bool:
    """Admins see every account; others only those of their own scheme."""
    if viewer.has_role(Role.ADMIN):
        return True
    return viewer.scheme_id is not None and person.scheme_id == viewer.scheme_id


def invite(
    session: Session,
    inviter: Person,
    *,
    email: str,
    name: str,
    role: Role,
    scheme: Scheme | None,
) -> Invitation:
    """Create an account waiting for its password, in the inviter's scheme, with one role.

    An address that already has an account the inviter may see is refused with a message, unless
    that person is still to accept an invitation: then it is sent again (``again``), so a repeat
    invitation of a new address answers like the first. One the inviter may not see (another
    scheme's) answers exactly like a new one, so the form does not tell who has an account
    elsewhere: nothing is made, the attempt is audited, and the caller sends the holder a notice
    instead of an invitation.
    """
    if role not in invitable_roles(inviter):
        raise AccountError(f"You cannot invite someone as {role.label.lower()}.", field="role")
    if scheme is None or scheme not in invitable_schemes(session, inviter):
        raise AccountError("Choose a scheme you manage.", field="scheme")
    address = checked_email(email)
    full_name = checked_name(name)
    existing = find_by_email(session, address)
    if existing is not None and may_see_account(inviter, existing):
        if existing.active and not existing.has_password:
            return Invitation(email=address, person=existing, again=True)
        raise AccountError(
            "Someone already has an account with this email address. "
            "Ask an admin to give them the role instead.",
            field="email",
        )
    if existing is not None:
        record(
            session,
            actor=inviter,
            action="person.invitation_to_existing_account",
            subject_type="person",
            subject_id=existing.id,
            scheme_id=scheme.id,
            details={"role": role.value},
        )
        return Invitation(email=address, existing=existing)
    person = create_person(session, email=address, name=full_name, roles=[role], scheme=scheme)
    person.invited_by_id = inviter.id
    person.invited_at = utcnow()
    record(
        session,
        actor=inviter,
        action="person.invited",
        subject_type="person",
        subject_id=person.id,
        scheme_id=scheme.id,
        details={"role": role.value, "email": person.email},
    )
    return Invitation(email=person.email, person=person)


def _apply_password(person: Person, password: str) -> None:
    problems = passwords.password_problems(password, email=person.sign_in_name, name=person.name)
    if problems:
        raise PasswordRejected(problems)
    person.password_hash = passwords.hash_password(password)
    person.password_set_at = utcnow()
    person.session_token = new_session_token()
    person.sign_in_code_hash = person.sign_in_code_expires_at = None  # a card's code ends too


def set_password(session: Session, person: Person, password: str) -> None:
    """Set a new password (which also signs the person out everywhere else)."""
    first_time = not person.has_password
    _apply_password(person, password)
    record(
        session,
        actor=person,
        action="person.password_set" if first_time else "person.password_changed",
        subject_type="person",
        subject_id=person.id,
        scheme_id=person.scheme_id,
    )


def end_sessions(person: Person) -> None:
    """Invalidate every sign-in the person has, wherever the cookie lives."""
    person.session_token = new_session_token()


def deactivate(session: Session, actor: Person, person: Person, reason: str) -> None:
    """Stop a person signing in; their records stay. Accounts are never deleted."""
    if person.id == actor.id:
        raise AccountError("You cannot deactivate your own account.")
    if not person.active:
        raise AccountError("This account is already deactivated.")
    if not reason.strip():
        raise AccountError("Say why the account is being deactivated.", field="reason")
    person.active = False
    person.deactivated_at = utcnow()
    end_sessions(person)
    record(
        session,
        actor=actor,
        action="person.deactivated",
        subject_type="person",
        subject_id=person.id,
        scheme_id=person.scheme_id,
        reason=reason.strip(),
    )


def reactivate(session: Session, actor: Person, person: Person, reason: str) -> None:
    if person.active:
        raise AccountError("This account is already active.")
    if not reason.strip():
        raise AccountError("Say why the account is being reactivated.", field="reason")
    person.active = True
    person.deactivated_at = None
    record(
        session,
        actor=actor,
        action="person.reactivated",
        subject_type="person",
        subject_id=person.id,
        scheme_id=person.scheme_id,
        reason=reason.strip(),
    )


def update_person(
    session: Session,
    actor: Person,
    person: Person,
    *,
    name: str,
    roles: Iterable[Role],
    scheme: Scheme | None,
    lead_trainer: bool | None = None,
) -> None:
    """Change a person's name, roles, scheme and lead-trainer flag, recording what changed."""
    new_roles = {Role(r) for r in roles}
    if not new_roles:
        raise AccountError("Choose at least one role.", field="roles")
    if person.id == actor.id and Role.ADMIN not in new_roles:
        raise AccountError("You cannot remove your own admin role.", field="roles")
    needs_scheme = new_roles - {Role.ADMIN}
    if needs_scheme and scheme is None:
        raise AccountError(
            "Trainees, trainers and coordinators belong to a scheme.", field="scheme"
        )
    if lead_trainer is None:
        lead_trainer = person.lead_trainer
    if lead_trainer and Role.TRAINER not in new_roles:
        raise AccountError("Only trainers can be lead trainers.", field="lead_trainer")
    before = {
        "name": person.name,
        "roles": sorted(r.value for r in person.roles),
        "scheme_id": person.scheme_id,
        "lead_trainer": person.lead_trainer,
    }
    person.name = checked_name(name)
    person.lead_trainer = bool(lead_trainer)
    if (scheme.id if scheme is not None else None) != person.scheme_id:
        person.joined_scheme_at = utcnow()  # practice dates count from the move
    person.scheme = scheme
    kept = [row for row in person.role_rows if Role(row.role) in new_roles]
    added = [PersonRole(role=r.value) for r in sorted(new_roles - person.roles)]
    person.role_rows = kept + added
    session.flush()
    after = {
        "name": person.name,
        "roles": sorted(r.value for r in new_roles),
        "scheme_id": person.scheme_id,
        "lead_trainer": person.lead_trainer,
    }
    if before != after:
        record(
            session,
            actor=actor,
            action="person.updated",
            subject_type="person",
            subject_id=person.id,
            scheme_id=person.scheme_id,
            details={"before": before, "after": after},
        )


def search_people(
    query: str = "",
    *,
    scheme_id: int | None = None,
    role: Role | None = None,
    status: str = "",
) -> Select[tuple[Person]]:
    """A statement listing people matching a free-text search and filters, by name."""
    stmt = select(Person).order_by(func.lower(Person.name), Person.id)
    if query.strip():
        like = f"%{query.strip().lower()}%"
        columns = (func.lower(Person.name), Person.email, Person.username)
        stmt = stmt.where(or_(*(column.like(like) for column in columns)))
    if scheme_id:
        stmt = stmt.where(Person.scheme_id == scheme_id)
    if role:
        stmt = stmt.where(
            Person.id.in_(select(PersonRole.person_id).where(PersonRole.role == role.value))
        )
    if status in statuses.WHERE:  # the same meaning as the list's tags and the home counts
        stmt = stmt.where(statuses.WHERE[status])
    return stmt


def search_schemes(query: str = "") -> Select[tuple[Scheme]]:
    stmt = select(Scheme).order_by(func.lower(Scheme.name), Scheme.id)
    if query.strip():
        like = f"%{query.strip().lower()}%"
        stmt = stmt.where(or_(func.lower(Scheme.name).like(like), Scheme.slug.like(like)))
    return stmt


def save_scheme(
    session: Session,
    actor: Person | None,
    *,
    slug: str,
    name: str,
    contact_email: str | None,
    scheme: Scheme | None = None,
) -> Scheme:
    """Create a scheme, or update one, keeping slugs unique and well formed."""
    slug = slug.strip().lower()
    if not SLUG_RE.match(slug):
        raise AccountError(
            "Slug must use lower-case letters, numbers and single hyphens, "
            "like north-east-mentors.",
            field="slug",
        )
    clash = session.scalars(select(Scheme).where(Scheme.slug == slug)).first()
    if clash is not None and clash is not scheme:
        raise AccountError("Another scheme already uses this slug.", field="slug")
    created = scheme is None
    if scheme is None:
        scheme = Scheme()
        session.add(scheme)
    scheme.slug = slug
    scheme.name = checked_name(name, what="scheme's name")
    scheme.contact_email = checked_email(contact_email, "contact_email") if contact_email else None
    session.flush()
    record(
        session,
        actor=actor,
        action="scheme.created" if created else "scheme.updated",
        subject_type="scheme",
        subject_id=scheme.id,
        scheme_id=scheme.id,
        details={"slug": scheme.slug, "name": scheme.name},
    )
    return scheme
