"""API keys for a scheme's own systems: shown once, stored as a SHA-256 hash, revocable.

A key looks like ``lms_<prefix>_<secret>``; the prefix finds the row, the hash of the whole key
is compared in constant time.

A key acts as the person who created it, and only while that person may coordinate the key's
scheme (``lms.matching.policy.may_coordinate``: an active coordinator of the scheme, or an
active admin). The moment the creator is deactivated, loses the role or moves scheme, every
key they made stops working; a coordinator of the scheme makes a new one. Keys travel only in the
``Authorization`` header, never in a query string (which ends up in access logs).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from lms.accounts import text
from lms.accounts.models import Person, Role, Scheme
from lms.api.models import ApiKey
from lms.audit.services import record
from lms.db import utcnow
from lms.domain import DomainError
from lms.matching.policy import may_coordinate as coordinates


class ApiKeyError(DomainError):
    """A request about keys that the rules refuse; the message is safe to show."""


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def may_manage_keys(actor: Person | None, scheme: Scheme) -> bool:
    """Coordinators of the scheme and admins manage its keys (None: the command line)."""
    return actor is None or coordinates(actor, scheme.id)


def creator_may_act(key: ApiKey) -> bool:
    """Whether the key's creator still may act for its scheme; if not, the key does nothing."""
    return coordinates(key.created_by, key.scheme_id)


def create_key(
    session: Session, actor: Person | None, scheme: Scheme, name: str
) -> tuple[ApiKey, str]:
    """Make a key for ``scheme``; returns the row and the key itself, which is never stored."""
    if not may_manage_keys(actor, scheme):
        raise ApiKeyError("You cannot create keys for this scheme.")
    if not name.strip():
        raise ApiKeyError("Give the key a name, like the system that will use it.")
    problem = text.name_problem(name, "key's name")
    if problem:
        raise ApiKeyError(problem + ".")
    name = text.clean_name(name)
    prefix = secrets.token_hex(4)
    key = f"lms_{prefix}_{secrets.token_urlsafe(32)}"
    row = ApiKey(
        scheme_id=scheme.id,
        name=name.strip()[:100],
        prefix=prefix,
        key_hash=_digest(key),
        created_by_id=actor.id if actor else _system_person_id(session, scheme),
    )
    session.add(row)
    session.flush()
    record(
        session,
        actor=actor,
        action="api_key.created",
        subject_type="api_key",
        subject_id=row.id,
        scheme_id=scheme.id,
        details={"name": row.name, "prefix": prefix},
    )
    return row, key


def _system_person_id(session: Session, scheme: Scheme) -> int:
    """Keys made on the command line are credited to an active coordinator of the scheme, else
    an active admin: the key works only while that person may act for the scheme."""
    from lms.accounts.models import PersonRole

    may_act = or_(
        PersonRole.role == Role.ADMIN.value,
        and_(PersonRole.role == Role.COORDINATOR.value, Person.scheme_id == scheme.id),
    )
    person_id = session.scalar(
        select(Person.id)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(Person.active.is_(True), may_act)
        .order_by((PersonRole.role == Role.COORDINATOR.value).desc(), Person.id)
        .limit(1)
    )
    if person_id is None:
        raise ApiKeyError("Create an active coordinator of the scheme or an admin account first.")
    return person_id


def revoke_key(session: Session, actor: Person, key: ApiKey) -> None:
    if not may_manage_keys(actor, key.scheme):
        raise ApiKeyError("You cannot revoke keys for this scheme.")
    if key.revoked_at is None:
        key.revoked_at = utcnow()
        record(
            session,
            actor=actor,
            action="api_key.revoked",
            subject_type="api_key",
            subject_id=key.id,
            scheme_id=key.scheme_id,
            details={"name": key.name, "prefix": key.prefix},
        )


def authenticate(session: Session, header: str | None) -> ApiKey | None:
    """The unrevoked key named by an ``Authorization: Bearer <key>`` header, or None.

    Whether its creator may still act is a separate question: ``creator_may_act``."""
    if not header or not header.startswith("Bearer "):
        return None
    key = header.removeprefix("Bearer ").strip()
    parts = key.split("_")
    if len(parts) < 3 or parts[0] != "lms":
        return None
    row = session.scalars(select(ApiKey).where(ApiKey.prefix == parts[1])).first()
    if row is None or row.revoked_at is not None:
        return None
    return row if hmac.compare_digest(row.key_hash, _digest(key)) else None


def keys_for(session: Session, scheme_id: int) -> list[ApiKey]:
    stmt = select(ApiKey).where(ApiKey.scheme_id == scheme_id).order_by(ApiKey.created_at.desc())
    return list(session.scalars(stmt))
