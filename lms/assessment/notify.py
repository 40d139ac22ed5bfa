"""What the trainee's emails about scenario answers say: when theirs is marked, and when a
resolved disagreement changes its result. ``lms.notifications.learning`` sends them through
``notify``, so each trainee's email choice decides whether they go now, daily or not at all."""

from __future__ import annotations

from typing import Any

from flask import current_app
from sqlalchemy.orm import Session

from lms.assessment import services
from lms.assessment.models import DRAFT, PASS, ScenarioSubmission
from lms.links import external_url

# An email's subject, template and the template's context.
EmailParts = tuple[str, str, dict[str, Any]]


def marked_email(submission: ScenarioSubmission, session: Session) -> EmailParts:
    """The trainee's email about a first mark: the result, what to do next, a link to the
    feedback, never the feedback itself (lms.notifications.learning sends it, as the trainee
    chose to hear)."""
    passed = submission.outcome == PASS
    return (
        "Your scenario answer has been marked" if passed else "Your scenario answer was sent back",
        "scenario_marked",
        {
            "submission": submission,
            "next_step": next_step(session, submission),
            "link": _answer_link(submission),
        },
    )


def _answer_link(submission: ScenarioSubmission) -> str:
    return external_url(
        "assessment.answer", module_slug=submission.module.slug, key=submission.scenario_key
    )


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


def resolved_email(submission: ScenarioSubmission, session: Session) -> EmailParts:
    """The trainee's email when the agreed result of their answer differs from the first
    mark's: what they can do next, and a link to the feedback that stands."""
    return (
        "The result of your scenario answer has changed",
        "scenario_resolved",
        {
            "submission": submission,
            "next_step": next_step(session, submission),
            "link": _answer_link(submission),
        },
    )
