"""Flask-Login wiring: how a session cookie becomes the signed-in person."""

from __future__ import annotations

from flask_login import LoginManager
from sqlalchemy.exc import SQLAlchemyError

from lms.accounts.models import Person
from lms.extensions import db
from lms.numbers import whole_number
from lms.outage import DatabaseUnavailable, is_outage


def load_person(session_id: str) -> Person | None:
    """The person a session names, if that sign-in is still current and the account active.

    While the database is unavailable nobody can be looked up: that is a 503 (the error pages
    answer it without the database), neither a bare 500 nor a sign-out.
    """
    person_id, _, token = session_id.partition(":")
    number = whole_number(person_id)
    if number is None or not token:
        return None
    try:
        person = db.session.get(Person, number)
    except SQLAlchemyError as error:
        if not is_outage(error):
            raise
        raise DatabaseUnavailable() from error
    if person is None or not person.active or person.session_token != token:
        return None
    return person


def configure_login(manager: LoginManager) -> None:
    manager.user_loader(load_person)
    manager.login_view = "auth.sign_in"
    manager.login_message = "Sign in to see this page."
    manager.login_message_category = "info"
    manager.session_protection = "basic"
