"""Messages from the mentor's area: the coordinators told that a mentor asked to end a match
(accepting and declining tell them through the match signals: ``lms/notifications/triggers.py``),
and the safeguarding lead notified of a concern (always emailed). No note text or reasons are
sent."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms.accounts.contacts import contacts_row, eligible_contacts
from lms.accounts.models import Person
from lms.matching import policy
from lms.matching.models import Match
from lms.notifications.services import notify
from lms.notifications.triggers import coordinators, path, tell_mentor_answer

CONCERN_TEXT = (
    "A mentor has flagged a concern after a contact with their mentee. Please look at it today."
)


def safeguarding_people(session: Session, match: Match) -> list[Person]:
    """The scheme's safeguarding lead and deputy while they may be named; else its coordinators."""
    scheme = match.mentee.scheme
    row = contacts_row(session, scheme)
    named = set()
    if row is not None:
        named = {row.safeguarding_lead_id, row.safeguarding_deputy_id} - {None}
    people = [p for p in eligible_contacts(session, scheme) if p.id in named] if named else []
    return people or coordinators(session, match.scheme_id)


def tell_end_asked(session: Session, match: Match) -> None:
    """The mentor asked to end ``match``: each coordinator is told once, as they chose."""
    tell_mentor_answer(session, match, "match-end-asked")


def tell_safeguarding(session: Session, match: Match) -> list[Person]:
    """A concern was flagged: the lead (or the coordinators) are told today, on the site and by
    email whatever their choice, with no detail: one message each, linking to where they act."""
    people = safeguarding_people(session, match)
    for person in people:
        if policy.may_coordinate(person, match.scheme_id):
            link = path("matching.match", match_id=match.id)
        else:
            link = path("matching.concerns")
        notify(session, person, "concern-flagged", CONCERN_TEXT, link)
    return people


__all__ = ["coordinators", "safeguarding_people", "tell_end_asked", "tell_safeguarding"]
