"""Authorisation matrix rows for the outbox pages: admins only."""

from __future__ import annotations

from tests.access import ADMIN

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("outbox.index", "GET", "/admin/outbox/", (ADMIN,)),
    ("outbox.resend", "POST", "/admin/outbox/{outbox_message}/resend", (ADMIN,)),
]


def objects(people) -> dict[str, object]:
    """One dead letter: an email to the trainee that the worker gave up on."""
    from lms.extensions import db
    from lms.outbox.models import FAILED, OutboxMessage

    message = OutboxMessage(
        to_address=people["trainee"].email,
        subject="Your practice session has been confirmed",
        body="Hello",
        template="practice_confirmed",
        person_id=people["trainee"].id,
        status=FAILED,
        attempts=8,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    db.session.add(message)
    db.session.commit()
    return {"outbox_message": message.id}
