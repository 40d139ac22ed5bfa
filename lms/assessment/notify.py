"""Emails about scenario answers."""

from __future__ import annotations

from lms.assessment.models import ScenarioSubmission
from lms.links import external_url
from lms.mail import send


def tell_trainee_marked(submission: ScenarioSubmission) -> None:
    """Email the trainee that their answer has been marked, with a link to the feedback."""
    link = external_url(
        "assessment.answer", module_slug=submission.module.slug, key=submission.scenario_key
    )
    send(
        submission.person.email,
        "Your scenario answer has been marked",
        "scenario_marked",
        submission=submission,
        link=link,
    )
