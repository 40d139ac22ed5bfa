"""The trainee's email about a practice decision, sent whenever a trainer decides an entry
(a subscriber of ``lms.events.practice_decided``, connected once when the app is set up)."""

from __future__ import annotations

from blinker import ANY

from lms.events import practice_decided
from lms.links import external_url
from lms.mail import send
from lms.practice.checklist import OUTCOMES
from lms.practice.models import CONFIRMED, REJECTED, SESSION_KINDS, PracticeEntry
from lms.practice.services import duration_label

DECISION_EMAILS = {
    CONFIRMED: ("practice_confirmed", "Your practice session has been confirmed"),
    REJECTED: ("practice_rejected", "Your practice session needs a change"),
}


def send_decision_email(entry: PracticeEntry) -> None:
    """Queue the trainee's email about a decision; the caller commits it with the decision."""
    if entry.status not in DECISION_EMAILS or not entry.person.active:
        return
    template, subject = DECISION_EMAILS[entry.status]
    send(
        entry.person.email,
        subject,
        template,
        person_id=entry.person_id,
        entry=entry,
        kind=SESSION_KINDS[entry.kind],
        duration=duration_label(entry.duration_minutes),
        outcome=OUTCOMES[entry.observation.outcome] if entry.observation else "",
        link=external_url("practice.entry", entry_id=entry.id),
    )


@practice_decided.connect_via(ANY, weak=False)
def _tell_trainee(entry: PracticeEntry, **_: object) -> None:
    """Confirmed, sent back or signed off: the trainee hears, in the decision's transaction."""
    send_decision_email(entry)
