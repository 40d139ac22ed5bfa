"""The one way to send an email: it goes into the outbox with the caller's change."""

from __future__ import annotations

from lms.extensions import db
from lms.outbox.models import OutboxMessage
from lms.outbox.services import queue


def send(to: str | None, subject: str, template: str, **context: object) -> OutboxMessage:
    """Render ``templates/email/<template>.txt`` for one address and queue it in ``db.session``.

    Nothing is sent until the caller commits; then the job worker delivers it (see
    ``lms/outbox/``). A rolled-back change sends nothing, and a mail server that is down never
    makes the caller fail.
    """
    return queue(db.session, to, subject, template, **context)
