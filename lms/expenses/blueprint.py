"""The expenses blueprint, shared by the mentor's and the coordinator's pages."""

from __future__ import annotations

from flask import Blueprint

from lms.expenses.models import KINDS, STATUSES
from lms.expenses.money import hours, pounds

bp = Blueprint("expenses", __name__, url_prefix="/expenses")


@bp.app_template_filter("pounds")
def _pounds(pence: int | None) -> str:
    """450 as "£4.50" in templates."""
    return "" if pence is None else f"£{pounds(pence)}"


@bp.context_processor
def _labels() -> dict[str, object]:
    return {"expense_kinds": KINDS, "expense_statuses": STATUSES, "as_hours": hours}
