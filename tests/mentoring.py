"""Test helpers for the mentor's area: a certified mentor, and a match they have accepted."""

from __future__ import annotations

from lms.accounts.models import Person, Role
from lms.extensions import db
from lms.matching.matches import services as matches
from lms.matching.mine import services
from lms.matching.models import Match
from lms.ukdates import uk_today
from tests.factories import make_mentee, make_mentor, make_person


def certified_mentor(people) -> Person:
    """Mo Mentor, a trainee of the people's scheme holding a current certificate."""
    person = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(person, today=uk_today())
    return person


def accepted_match(people, mentor: Person, reference: str) -> Match:
    """A match the coordinator proposed with a new mentee and ``mentor`` accepted (active)."""
    mentee = make_mentee(mentor.scheme, reference)
    match = matches.propose_match(db.session, people["coordinator"], mentor, mentee, uk_today())
    services.accept(db.session, mentor, match, uk_today())
    db.session.commit()
    return match
