"""Demo data: the ``demo`` scheme, one account per role, the curriculum and some progress.

Everything here is created idempotently: a second run changes nothing.
"""

from __future__ import annotations

import random

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts import cards, usernames
from lms.accounts import services as accounts
from lms.accounts.contacts import contacts_row, set_safeguarding_contacts
from lms.accounts.models import Person, Role, Scheme
from lms.assessment.demo import seed_assessment
from lms.certificates.definitions import DEFAULT_CERTIFICATES_ROOT, sync_all
from lms.certificates.demo import seed_one_short
from lms.content.loader import DEFAULT_ROOT
from lms.expenses.demo import seed_demo_expenses
from lms.matching.demo import seed_matching
from lms.matching.demo_mentor import seed_demo_mentor
from lms.practice.demo import seed_practice
from lms.training import services as training

DEMO_PASSWORD = "demo-password-peer-mentor"  # noqa: S105 - published demo sign-in, demo data only

DEMO_PEOPLE = [
    (Role.TRAINEE, "trainee@demo.example", "Tasha Trainee"),
    (Role.TRAINER, "trainer@demo.example", "Tom Trainer"),
    (Role.COORDINATOR, "coordinator@demo.example", "Cara Coordinator"),
    (Role.ADMIN, "admin@demo.example", "Ada Admin"),
]
# A trainee with no email address: they sign in with a username (lms/accounts/cards.py).
DEMO_USERNAME, DEMO_USERNAME_NAME = "sam.nomail", "Sam Nomail"

# The demo trainee has passed the first modules, is part-way through one, and has not started
# the rest, so the learning path shows every status a trainee meets.
DEMO_PASSED = ["role-and-limits", "justice-and-resettlement", "orientation-to-helping"]
DEMO_READING = "boundaries"


def seed_demo(session: Session, content_root=None) -> list[tuple[str, str]]:
    """Make sure the demo scheme, accounts, content and progress exist."""
    sync_all(session, content_root or DEFAULT_ROOT, DEFAULT_CERTIFICATES_ROOT)
    scheme = session.scalars(select(Scheme).where(Scheme.slug == "demo")).first()
    if scheme is None:
        scheme = accounts.save_scheme(
            session,
            None,
            slug="demo",
            name="Demo Peer Mentoring Scheme",
            contact_email="coordinator@demo.example",
        )
    made = []
    for role, email, name in DEMO_PEOPLE:
        if accounts.find_by_email(session, email) is None:
            accounts.create_person(
                session,
                email=email,
                name=name,
                roles=[role],
                scheme=scheme,
                password=DEMO_PASSWORD,
            )
        made.append((role.value, email))
    made.append(("trainee", _demo_username_trainee(session, scheme)))
    trainee = accounts.find_by_email(session, "trainee@demo.example")
    trainer = accounts.find_by_email(session, "trainer@demo.example")
    coordinator = accounts.find_by_email(session, DEMO_PEOPLE[2][1])
    if contacts_row(session, scheme) is None:  # the lead and deputy lessons name
        admin = accounts.find_by_email(session, DEMO_PEOPLE[3][1])
        set_safeguarding_contacts(
            session, admin, scheme, lead_id=coordinator.id, deputy_id=trainer.id
        )
    _demo_training(session, trainee)
    seed_assessment(session, trainee, trainer)
    seed_practice(session, trainee, trainer)
    seed_matching(session, scheme, coordinator, trainer)
    made.append(("mentor", seed_demo_mentor(session, scheme, coordinator, trainer, DEMO_PASSWORD)))
    seed_demo_expenses(session, accounts.find_by_email(session, made[-1][1]), coordinator)
    seed_one_short(session, scheme, trainer, DEMO_PASSWORD)
    return made


def _demo_username_trainee(session: Session, scheme: Scheme) -> str:
    """The trainee without email, signed in with a username and the demo password."""
    if usernames.find(session, DEMO_USERNAME) is None:
        person = cards.trainee_with_username(
            session, name=DEMO_USERNAME_NAME, username=DEMO_USERNAME, scheme=scheme
        )
        accounts.set_password(session, person, DEMO_PASSWORD)
    return DEMO_USERNAME


def _demo_training(session: Session, trainee: Person) -> None:
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    for slug in DEMO_PASSED:
        module = training.find_module(session, slug)
        if module is None or training.attempts_for(session, trainee, module):
            continue
        for lesson in module.current_version.lessons:
            training.mark_lesson_read(session, trainee, module, lesson)
        attempt = training.start_attempt(session, trainee, module, rng=rng)
        answers = {
            aq.id: [i for i, o in enumerate(aq.question.options) if o["correct"]]
            for aq in attempt.questions
        }
        training.submit_attempt(session, trainee, attempt, answers)
    module = training.find_module(session, DEMO_READING)
    if module is not None:
        training.mark_lesson_read(session, trainee, module, module.current_version.lessons[0])
