"""A scheme's safeguarding lead and named deputy: who they are, and setting them (audited).

The curriculum teaches one escalation rule: a risk of harm goes to the scheme's safeguarding lead,
or the named deputy, the same day. Lessons name the scheme's own people where these are set.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ForeignKey, select
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from lms.accounts.models import Person, PersonRole, Role, Scheme
from lms.accounts.services import AccountError
from lms.audit.services import record
from lms.db import utcnow
from lms.extensions import db

# Who may be named: staff of the scheme (not a trainee only), with an active account.
STAFF_ROLES = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


class SchemeContacts(db.Model):
    """The people a scheme names for safeguarding: its lead and the deputy when the lead is away."""

    __tablename__ = "scheme_contacts"

    scheme_id: Mapped[int] = mapped_column(
        ForeignKey("schemes.id", ondelete="CASCADE"), primary_key=True
    )
    safeguarding_lead_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    safeguarding_deputy_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    lead: Mapped[Person | None] = relationship(foreign_keys=[safeguarding_lead_id])
    deputy: Mapped[Person | None] = relationship(foreign_keys=[safeguarding_deputy_id])


@dataclass(frozen=True)
class SafeguardingContacts:
    """The names to show: None where the scheme has not named (or no longer has) that person."""

    scheme_name: str
    lead: str | None
    deputy: str | None

    @property
    def known(self) -> bool:
        return self.lead is not None or self.deputy is not None


def eligible_contacts(session: Session, scheme: Scheme) -> list[Person]:
    """Active staff of the scheme, by name: the people who may be named lead or deputy."""
    return list(
        session.scalars(
            select(Person)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(
                Person.scheme_id == scheme.id,
                Person.active.is_(True),
                PersonRole.role.in_([role.value for role in STAFF_ROLES]),
            )
            .distinct()
            .order_by(Person.name, Person.id)
        )
    )


def contacts_row(session: Session, scheme: Scheme) -> SchemeContacts | None:
    return session.get(SchemeContacts, scheme.id)


def safeguarding_contacts(session: Session, scheme: Scheme | None) -> SafeguardingContacts | None:
    """The scheme's lead and deputy as names to show. A person is shown only while they could
    still be named: active, still in this scheme and still staff (``eligible_contacts``)."""
    if scheme is None:
        return None
    row = contacts_row(session, scheme)
    if row is None:
        return SafeguardingContacts(scheme.name, None, None)
    still = {person.id: person.name for person in eligible_contacts(session, scheme)}
    return SafeguardingContacts(
        scheme.name, still.get(row.safeguarding_lead_id), still.get(row.safeguarding_deputy_id)
    )


def set_safeguarding_contacts(
    session: Session,
    actor: Person,
    scheme: Scheme,
    *,
    lead_id: int | None,
    deputy_id: int | None,
) -> SchemeContacts:
    """Name the scheme's safeguarding lead and deputy, audited. Either may be left unset, but
    not the lead alone: a deputy covers for a lead, so there is no deputy without one."""
    allowed = {person.id: person for person in eligible_contacts(session, scheme)}
    for key, field in ((lead_id, "safeguarding_lead"), (deputy_id, "safeguarding_deputy")):
        if key is not None and key not in allowed:
            raise AccountError(
                "Choose someone on this scheme's staff (a trainer, coordinator or admin with an "
                "active account).",
                field=field,
            )
    if deputy_id is not None and lead_id is None:
        raise AccountError(
            "Name the safeguarding lead first, then the deputy.", field="safeguarding_lead"
        )
    if lead_id is not None and lead_id == deputy_id:
        raise AccountError(
            "The deputy must be someone other than the safeguarding lead, to cover when the lead "
            "is away.",
            field="safeguarding_deputy",
        )
    row = contacts_row(session, scheme)
    before = (row.safeguarding_lead_id, row.safeguarding_deputy_id) if row else (None, None)
    if row is None:
        row = SchemeContacts(scheme_id=scheme.id)
        session.add(row)
    if before == (lead_id, deputy_id):
        return row
    row.safeguarding_lead_id, row.safeguarding_deputy_id = lead_id, deputy_id
    row.updated_at = utcnow()
    session.flush()
    record(
        session,
        actor=actor,
        action="scheme.safeguarding_contacts_changed",
        subject_type="scheme",
        subject_id=scheme.id,
        scheme_id=scheme.id,
        details={
            "lead_id": lead_id,
            "deputy_id": deputy_id,
            "previous_lead_id": before[0],
            "previous_deputy_id": before[1],
        },
    )
    return row
