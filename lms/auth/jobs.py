"""Password reset requests, handled by the job worker so the answer never depends on the account.

The page that takes the request only queues ``password_reset_requested``: it does the same
work, in the same time, whether or not the email belongs to anyone, and never talks to the
mail server. The job looks the account up and puts the email in the outbox.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms.accounts import services as accounts
from lms.accounts import tokens
from lms.extensions import db
from lms.jobs import task
from lms.links import external_url
from lms.mail import send


def queue_reset_email(session: Session, email: str) -> bool:
    """Put a reset link (or a fresh invitation link) in the outbox for an active account."""
    person = accounts.find_by_email(session, email)
    if person is None or not person.active:
        return False
    purpose = tokens.PASSWORD_RESET if person.has_password else tokens.INVITATION
    endpoint = "auth.reset_password" if person.has_password else "auth.accept_invitation"
    link = external_url(endpoint, token=tokens.make_token(person, purpose))
    send(
        person.email,
        "Reset your password",
        "password_reset",
        person=person,
        link=link,
        hours=int(tokens.max_age(purpose).total_seconds() // 3600),
    )
    return True


@task()
def password_reset_requested(email: str) -> None:
    """Someone asked for a reset for ``email``: email the account holder, if there is one."""
    if queue_reset_email(db.session, email):
        db.session.commit()
