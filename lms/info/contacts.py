"""Who a person can ask for help in their scheme: coordinators, safeguarding lead and deputy,
and the scheme's own email, phone and address. Plain data for the help and privacy pages."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.contacts import safeguarding_contacts
from lms.accounts.models import Person, PersonRole, Role, Scheme

# A scheme has a few coordinators; a page that names them all stays short with this many.
MOST_COORDINATORS = 5


@dataclass(frozen=True)
class SchemeHelp:
    """The names and contact details a page shows. None or empty where the scheme has none."""

    scheme_name: str
    coordinators: list[str]
    lead: str | None
    deputy: str | None
    email: str | None
    phone: str | None
    address: str | None

    @property
    def has_details(self) -> bool:
        return bool(self.email or self.phone or self.address)


def coordinator_names(session: Session, scheme: Scheme) -> list[str]:
    """The scheme's active coordinators' names, A to Z, at most MOST_COORDINATORS."""
    return list(
        session.scalars(
            select(Person.name)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(
                Person.scheme_id == scheme.id,
                Person.active.is_(True),
                PersonRole.role == Role.COORDINATOR.value,
            )
            .order_by(Person.name, Person.id)
            .limit(MOST_COORDINATORS)
        )
    )


def scheme_help(session: Session, person: Person | None) -> SchemeHelp | None:
    """The help ``person`` can get from their scheme; None when signed out or in no scheme."""
    scheme = person.scheme if person is not None else None
    if scheme is None:
        return None
    safeguarding = safeguarding_contacts(session, scheme)
    return SchemeHelp(
        scheme_name=scheme.name,
        coordinators=coordinator_names(session, scheme),
        lead=safeguarding.lead if safeguarding else None,
        deputy=safeguarding.deputy if safeguarding else None,
        email=scheme.contact_email,
        phone=scheme.contact_phone,
        address=scheme.contact_address,
    )
