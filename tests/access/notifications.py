"""Authorisation matrix rows for notifications: every signed-in person has their own."""

from __future__ import annotations

from tests.access import SIGNED_IN, TRAINEE

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("notifications.index", "GET", "/notifications/", SIGNED_IN),
    # The trainee's own notification: anyone else is refused.
    ("notifications.mark_read", "POST", "/notifications/{notification}/read", (TRAINEE,)),
    ("notifications.mark_all_read", "POST", "/notifications/read-all", SIGNED_IN),
    ("notifications.settings", "GET", "/notifications/settings", SIGNED_IN),
    ("notifications.settings", "POST", "/notifications/settings", SIGNED_IN),
]


def objects(people) -> dict[str, object]:
    """One notification for the trainee."""
    from lms.extensions import db
    from lms.notifications.models import Notification

    note = Notification(
        person_id=people["trainee"].id, kind="certificate-issued", text="Hi", link="/"
    )
    db.session.add(note)
    db.session.commit()
    return {"notification": note.id}
