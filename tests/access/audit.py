"""Authorisation matrix rows for the audit trail pages: admins only."""

from __future__ import annotations

from tests.access import ADMIN

ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("audit.index", "GET", "/admin/audit/", (ADMIN,)),
    ("audit.event", "GET", "/admin/audit/{audit_event}", (ADMIN,)),
    ("audit.verify", "GET", "/admin/audit/verify", (ADMIN,)),
    ("audit.export", "GET", "/admin/audit/export.csv", (ADMIN,)),
]


def objects(people) -> dict[str, object]:
    """One audit event, recorded by the admin about the trainee."""
    from lms.audit.services import record
    from lms.extensions import db

    event = record(
        db.session,
        actor=people["admin"],
        action="person.updated",
        subject_type="person",
        subject_id=people["trainee"].id,
        scheme_id=people["trainee"].scheme_id,
        reason="Matrix check",
    )
    db.session.commit()
    return {"audit_event": event.id}
