"""The assessment blueprint (``/assessment``) and what its views share: the marking settings,
loading an answer a member of staff may see, and reading rubric marks from a form."""

from __future__ import annotations

from flask import Blueprint, current_app

from lms.assessment import services
from lms.assessment.models import ScenarioSubmission
from lms.web.loading import get_in_scheme_or_404

# routes.py, oral_routes.py and resolve_routes.py add their views to this one blueprint, so
# endpoint names stay ``assessment.<view>``; routes.py imports the other two.
bp = Blueprint("assessment", __name__, url_prefix="/assessment")


def settings() -> services.Settings:
    return services.settings_from(current_app.config)


def submission_for_staff(submission_id: int) -> ScenarioSubmission:
    """The answer with this id if the signed-in trainer or admin may see it, else 404."""
    return get_in_scheme_or_404(ScenarioSubmission, submission_id, may=services.may_see)


def criterion_marks(form, rubric) -> list[services.CriterionMark]:
    """Each rubric criterion's met or not met and comment, as the marking form holds them."""
    return [
        services.CriterionMark(
            met=getattr(form, f"met_{i}").data == "yes",
            comment=getattr(form, f"comment_{i}").data or "",
        )
        for i in range(len(rubric))
    ]
