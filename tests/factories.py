"""Plain functions that make test data through the same services the app uses."""

from __future__ import annotations

from lms.accounts import services as accounts
from lms.accounts.models import Person, Role, Scheme
from lms.extensions import db

PASSWORD = "correct horse battery staple"


def make_scheme(slug: str = "demo", name: str = "Demo Scheme") -> Scheme:
    scheme = accounts.save_scheme(db.session, None, slug=slug, name=name, contact_email=None)
    db.session.commit()
    return scheme


def make_person(
    email: str,
    name: str = "Pat Person",
    roles: list[Role] | None = None,
    scheme: Scheme | None = None,
    password: str | None = PASSWORD,
) -> Person:
    person = accounts.create_person(
        db.session,
        email=email,
        name=name,
        roles=roles or [Role.TRAINEE],
        scheme=scheme,
        password=password,
    )
    db.session.commit()
    return person
