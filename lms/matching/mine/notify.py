"""Emails from the mentor's area, through the outbox: the coordinators told of a mentor's
decision, and the safeguarding lead told of a concern. No note text or reasons go by email."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.contacts import contacts_row, eligible_contacts
from lms.accounts.models import Person, PersonRole, Role
from lms.matching.models import Match
from lms.outbox.services import queue


def coordinators(session: Session, scheme_id: int) -> list[Person]:
    """The scheme's active coordinators, oldest account first."""
    stmt = (
        select(Person)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(Person.scheme_id == scheme_id, Person.active, PersonRole.role == Role.COORDINATOR)
        .order_by(Person.id)
    )
    return list(session.scalars(stmt).unique())


def safeguarding_people(session: Session, match: Match) -> list[Person]:
    """The scheme's safeguarding lead and deputy while they may be named; else its coordinators."""
    scheme = match.mentee.scheme
    row = contacts_row(session, scheme)
    named = set()
    if row is not None:
        named = {row.safeguarding_lead_id, row.safeguarding_deputy_id} - {None}
    people = [p for p in eligible_contacts(session, scheme) if p.id in named] if named else []
    return people or coordinators(session, match.scheme_id)


def tell_coordinators(session: Session, match: Match, what: str) -> None:
    """One email to each coordinator: ``what`` the mentor did, and a link to the match."""
    for person in coordinators(session, match.scheme_id):
        queue(
            session,
            person.email,
            "A mentor has answered about a match",
            "mentor_match_news",
            person=person,
            name=person.name,
            what=what,
            link=f"{current_app.config['BASE_URL']}/matching/matches/{match.id}",
        )


def tell_safeguarding(session: Session, match: Match) -> list[Person]:
    """A concern was flagged: tell the lead (or the coordinators) today, with no detail."""
    people = safeguarding_people(session, match)
    for person in people:
        queue(
            session,
            person.email,
            "A mentor has flagged a concern: please look today",
            "contact_concern",
            person=person,
            name=person.name,
            reference=match.mentee.reference,
            link=f"{current_app.config['BASE_URL']}/matching/matches/{match.id}",
        )
    return people
