"""The demo's mentor sign-in (maya.mentor@demo.example): a certificate holder with a proposed
match to accept or decline, an active match and some contacts in its log.

Idempotent: once the account exists, a second run changes nothing. Made through the site's own
services (certificate rows as in lms/matching/demo.py), with the active match's dates moved back
a few weeks so its contacts can be spread over them.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from lms.accounts import services as accounts
from lms.accounts.models import Person, Role, Scheme
from lms.certificates.definitions import find_definition
from lms.db import utcnow
from lms.matching.demo import CORE, DemoMentor, _certificate
from lms.matching.matches import services as matches
from lms.matching.mentees.services import MenteeDetails, register_mentee
from lms.matching.mentors.services import ProfileDetails, save_profile
from lms.matching.mine import services as mine
from lms.matching.supervision.services import record_supervision
from lms.ukdates import uk_today
from lms.vetting import services as vetting

# Not mentor@demo.example: the password rules refuse a password holding the email's local part.
EMAIL, NAME = "maya.mentor@demo.example", "Maya Mentor"
CONTACTS = [  # days ago, how, minutes, note, concern
    (20, "gate", 90, "Met him at the gate and went to the council housing office together.", False),
    (13, "in_person", 45, "Coffee at the library. Talked about a bank account.", False),
    (6, "phone", 15, "Short call to confirm next week's meeting.", False),
    (
        2,
        "in_person",
        40,
        "Met at the community centre. He seemed low; I gave him the scheme's support numbers.",
        True,
    ),
]


def seed_demo_mentor(
    session: Session, scheme: Scheme, coordinator: Person, trainer: Person, password: str
) -> str:
    """Make the demo mentor once; returns their email for the printed sign-ins."""
    if accounts.find_by_email(session, EMAIL) is not None:
        return EMAIL
    today = uk_today()
    mentor = accounts.create_person(
        session, email=EMAIL, name=NAME, roles=[Role.TRAINEE], scheme=scheme, password=password
    )
    session.flush()
    spec = DemoMentor("maya", NAME, "woman", "Leeds", ("housing", "employment", "debt"))
    _certificate(session, mentor, trainer, find_definition(session, CORE), spec, today)
    checked = today - timedelta(days=200)
    vetting.record_check(
        session,
        coordinator,
        mentor,
        vetting.CheckDetails(
            level="enhanced",
            certificate_date=checked,
            update_service=False,
            recheck_due=checked + timedelta(days=3 * 365),
        ),
        today,
    )
    record_supervision(
        session,
        trainer,
        mentor,
        today - timedelta(days=10),
        "Enjoying the work. Finds it hard to switch off after gate pick-ups.",
        "Call the duty trainer after a hard meeting.",
        today,
    )
    save_profile(
        session,
        coordinator,
        mentor,
        ProfileDetails(
            available=True,
            capacity=3,
            area="Leeds",
            languages=["English"],
            gender="woman",
            needs_experience=list(spec.needs),
            interests="Gardening, films",
        ),
    )
    active = _mentee(session, scheme, coordinator, "DEMO-010", ["housing", "debt"], today)
    waiting = _mentee(session, scheme, coordinator, "DEMO-011", ["employment"], today)
    match = matches.propose_match(session, coordinator, mentor, active, today)
    mine.accept(session, mentor, match, today)
    match.created_at = match.activated_at = utcnow() - timedelta(days=25)
    for days_ago, kind, minutes, note, concern in CONTACTS:
        details = mine.ContactDetails(
            today - timedelta(days=days_ago), kind, minutes, note, concern
        )
        mine.log_contact(session, mentor, match, details, today)
    matches.propose_match(session, coordinator, mentor, waiting, today)
    session.flush()
    return EMAIL


def _mentee(session, scheme, coordinator, reference, needs, today):
    details = MenteeDetails(
        reference=reference,
        area="Leeds",
        gender="man",
        needs=needs,
        languages=["English"],
        in_custody=reference == "DEMO-011",
        release_date=today + timedelta(days=21) if reference == "DEMO-011" else None,
    )
    return register_mentee(session, coordinator, scheme.id, details, today)
