"""Emails about scenario answers."""

from __future__ import annotations

from lms.assessment.models import ScenarioSubmission
from lms.links import external_url
from lms.mail import send


def tell_trainee_marked(submission: ScenarioSubmission) -> None:
    """Queue an email telling the trainee their answer is marked, with a link to the feedback.

    It is saved with the mark: the caller commits both together.
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
