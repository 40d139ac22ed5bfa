"""The trainee told of their training's progress: a scenario answer marked or sent back (or its
result changed when a disagreement was resolved), and a practice session confirmed or sent
back. Each is on the site, and by email as the trainee chose: the assessment and practice
features word the email (``lms.assessment.notify``, ``lms.practice.notify``), this sends it."""

from __future__ import annotations

from typing import Any

from blinker import ANY
from sqlalchemy.orm import Session

from lms import events
from lms.assessment.models import PASS
from lms.assessment.notify import marked_email, resolved_email
from lms.notifications.services import Email, notify
from lms.notifications.triggers import path
from lms.practice.models import CONFIRMED
from lms.practice.notify import decision_email

MARKED = "Your scenario answer has been marked."
SENT_BACK = "Your scenario answer was sent back: read the feedback and try again."
CHANGED = "The result of your scenario answer has changed."
CONFIRMED_TEXT = "Your practice session has been confirmed."
REJECTED_TEXT = "Your practice session needs a change."


def _answer_path(submission: Any) -> str:
    return path(
        "assessment.answer", module_slug=submission.module.slug, key=submission.scenario_key
    )


@events.scenario_marked.connect_via(ANY, weak=False)
def _on_marked(submission: Any, *, session: Session, **_: Any) -> None:
    """Every first mark, from any caller, tells the trainee in its transaction."""
    passed = submission.outcome == PASS
    kind, text = ("scenario-marked", MARKED) if passed else ("scenario-sent-back", SENT_BACK)
    mail = Email(*marked_email(submission, session))
    notify(session, submission.person, kind, text, _answer_path(submission), mail=mail)


@events.scenario_resolved.connect_via(ANY, weak=False)
def _on_resolved(submission: Any, *, session: Session, changed: bool = False, **_: Any) -> None:
    """A resolved disagreement tells the trainee only when the agreed outcome changed theirs."""
    if changed:
        mail = Email(*resolved_email(submission, session))
        link = _answer_path(submission)
        notify(session, submission.person, "scenario-result-changed", CHANGED, link, mail=mail)


@events.practice_decided.connect_via(ANY, weak=False)
def _on_practice_decided(entry: Any, *, session: Session, **_: Any) -> None:
    """Confirmed, sent back or signed off: the trainee hears, in the decision's transaction."""
    parts = decision_email(entry)
    if parts is None:
        return
    text = CONFIRMED_TEXT if entry.status == CONFIRMED else REJECTED_TEXT
    link = path("practice.entry", entry_id=entry.id)
    notify(session, entry.person, "practice-decided", text, link, mail=Email(*parts))
