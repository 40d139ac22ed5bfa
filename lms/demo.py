"""Demo data: a scheme called ``demo`` and one account per role, created idempotently."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts import services as accounts
from lms.accounts.models import Role, Scheme

DEMO_PASSWORD = "demo-password-peer-mentor"  # noqa: S105 - published demo sign-in, demo data only

DEMO_PEOPLE = [
    (Role.TRAINEE, "trainee@demo.example", "Tasha Trainee"),
    (Role.TRAINER, "trainer@demo.example", "Tom Trainer"),
    (Role.COORDINATOR, "coordinator@demo.example", "Cara Coordinator"),
    (Role.ADMIN, "admin@demo.example", "Ada Admin"),
]


def seed_demo(session: Session) -> list[tuple[str, str]]:
    """Make sure the demo scheme and accounts exist; a second run changes nothing."""
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
    return made
