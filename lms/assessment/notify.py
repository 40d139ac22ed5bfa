"""Emails about scenario answers: the trainee hears when theirs is marked, and when a resolved
disagreement changes its result (subscribers of ``lms.events.scenario_marked`` and
``scenario_resolved``, connected once when the app is set up)."""

from __future__ import annotations

from blinker import ANY

from lms.assessment.models import ScenarioSubmission
from lms.events import scenario_marked, scenario_resolved
from lms.links import external_url
from lms.mail import send


def tell_trainee_marked(submission: ScenarioSubmission) -> None:
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
        link=link,
    )


@scenario_marked.connect_via(ANY, weak=False)
def _tell_trainee(submission: ScenarioSubmission, **_: object) -> None:
    """Every first mark, from any caller, queues the trainee's email in its transaction."""
    tell_trainee_marked(submission)


def tell_trainee_resolved(submission: ScenarioSubmission) -> None:
    """Queue an email telling the trainee the agreed result of their answer differs from the
    first mark's, with a link to the feedback that stands."""
    link = external_url(
        "assessment.answer", module_slug=submission.module.slug, key=submission.scenario_key
    )
    send(
        submission.person.email,
        "The result of your scenario answer has changed",
        "scenario_resolved",
        person_id=submission.person_id,
        submission=submission,
        link=link,
    )


@scenario_resolved.connect_via(ANY, weak=False)
def _tell_trainee_of_change(
    submission: ScenarioSubmission, *, changed: bool = False, **_: object
) -> None:
    """A resolved disagreement tells the trainee only when the agreed outcome changed theirs."""
    if changed:
        tell_trainee_resolved(submission)
