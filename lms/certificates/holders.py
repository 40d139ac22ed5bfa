"""Who holds a current certificate (a certified mentor), and the words every list uses for them.

One statement for a page of people, so a list can label its mentors without a query per row.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person, Role
from lms.certificates.models import Certificate

MENTOR = "Mentor (certified)"


def certified(session: Session, person_ids: Iterable[int]) -> set[int]:
    """Which of these people are certified mentors (hold a current certificate, as
    ``lms.matching.mine.services.is_mentor`` says), in one statement."""
    ids = list(person_ids)
    if not ids:
        return set()
    held = select(Certificate.person_id).where(Certificate.person_id.in_(ids), Certificate.current)
    return set(session.scalars(held))


def role_words(person: Person, mentors: set[int]) -> str:
    """The person's roles in words; a trainee holding a current certificate is a mentor."""
    return ", ".join(
        MENTOR if r is Role.TRAINEE and person.id in mentors else r.label
        for r in person.sorted_roles
    )


def learner_words(person_id: int, mentors: set[int]) -> str:
    """What a list of learners (progress, queues) calls this person: a mentor or a trainee."""
    return MENTOR if person_id in mentors else Role.TRAINEE.label
