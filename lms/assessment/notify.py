"""Emails about scenario answers: the trainee hears when theirs is marked, and when a resolved
disagreement changes its result (subscribers of ``lms.events.scenario_marked`` and
``scenario_resolved``, connected once when the app is set up)."""

from __future__ import annotations

from blinker import ANY
from flask import current_app
from sqlalchemy.orm import Session

from lms.assessment import services
from lms.assessment.models import DRAFT, PASS, ScenarioSubmission
from lms.events import scenario_marked, scenario_resolved
from lms.links import external_url
from lms.mail import send


def tell_trainee_marked(submission: ScenarioSubmission, session: Session) -> None:
    """Queue an email telling the trainee their answer is marked, with a link to the feedback.

    It is saved with the mark: whoever marked commits both together.
    """
    link = external_url(
        "assessment.answer", module_slug=submission.module.slug, key=submission.scenario_key
    )
    send(
        submission.person.email,
        "Your scenario answer has been marked",
        "scenario_marked",
        person_id=submission.person_id,
        submission=submission,
        next_step=next_step(session, submission),
        link=link,
    )


@scenario_marked.connect_via(ANY, weak=False)
def _tell_trainee(submission: ScenarioSubmission, *, session: Session, **_: object) -> None:
    """Every first mark, from any caller, queues the trainee's email in its transaction."""
    tell_trainee_marked(submission, session)


def next_step(session: Session, submission: ScenarioSubmission) -> str:
    """What a referred trainee can do now, by their real position: try again (with how many
    attempts are left), wait for a later answer's mark, or talk to their trainer."""
    if submission.outcome == PASS:
        return ""
    settings = services.settings_from(current_app.config)
    history = services.attempts(session, submission.person, submission.scenario_key)
    block = services.attempt_block(history, settings)
    if block == services.WAITING:
        return "Your later answer to this scenario is waiting to be marked."
    if block == services.PASSED:
        return "You have passed this scenario with another answer."
    if block == services.USED_UP:
        n = settings.max_attempts
        used = f"all {n} attempts" if n > 1 else "your one attempt"
        return f"You have used {used} at this scenario. Talk to your trainer about what to do next."
    left = settings.max_attempts - len([h for h in history if h.status != DRAFT])
    plural = "attempt" if left == 1 else "attempts"
    return f"Please read the feedback and try again: you have {left} {plural} left."


def tell_trainee_resolved(submission: ScenarioSubmission, session: Session) -> None:
    """Queue an email telling the trainee the agreed result of their answer differs from the
    first mark's, what they can do next, and a link to the feedback that stands."""
    link = external_url(
        "assessment.answer", module_slug=submission.module.slug, key=submission.scenario_key
    )
    send(
        submission.person.email,
        "The result of your scenario answer has changed",
        "scenario_resolved",
        person_id=submission.person_id,
        submission=submission,
        next_step=next_step(session, submission),
        link=link,
    )


@scenario_resolved.connect_via(ANY, weak=False)
def _tell_trainee_of_change(
    submission: ScenarioSubmission, *, session: Session, changed: bool = False, **_: object
) -> None:
    """A resolved disagreement tells the trainee only when the agreed outcome changed theirs."""
    if changed:
        tell_trainee_resolved(submission, session)
