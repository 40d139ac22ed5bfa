"""Emails about scenario answers: the trainee hears when theirs is marked (a subscriber of
``lms.events.scenario_marked``, connected once when the app is set up)."""

from __future__ import annotations

from blinker import ANY

from lms.assessment.models import ScenarioSubmission
from lms.events import scenario_marked
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
