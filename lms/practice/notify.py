"""What the trainee's email about a practice decision says (confirmed, sent back, or signed off
as an observed session). ``lms.notifications.learning`` sends it through ``notify``, so the
trainee's email choice decides whether it goes now, in the daily digest or not at all."""

from __future__ import annotations

from typing import Any

from lms.links import external_url
from lms.practice.checklist import OUTCOMES
from lms.practice.models import CONFIRMED, REJECTED, SESSION_KINDS, PracticeEntry
from lms.practice.services import duration_label

DECISION_EMAILS = {
    CONFIRMED: ("practice_confirmed", "Your practice session has been confirmed"),
    REJECTED: ("practice_rejected", "Your practice session needs a change"),
}


def decision_email(entry: PracticeEntry) -> tuple[str, str, dict[str, Any]] | None:
    """The email's subject, template and context for a decided entry; None if undecided."""
    if entry.status not in DECISION_EMAILS:
        return None
    template, subject = DECISION_EMAILS[entry.status]
    context = {
        "entry": entry,
        "kind": SESSION_KINDS[entry.kind],
        "duration": duration_label(entry.duration_minutes),
        "outcome": OUTCOMES[entry.observation.outcome] if entry.observation else "",
        "link": external_url("practice.entry", entry_id=entry.id),
    }
    return subject, template, context
