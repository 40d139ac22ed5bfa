"""The observation checklist's rules, shared by the sign-off of an observed session a trainee
logged and by a trainer recording one they observed: every item answered, a pass only when
every item is met, and comments saying what to work on when it is not yet a pass."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lms.practice.checklist import OBSERVATION_CHECKLIST, OUTCOMES, PASSED
from lms.practice.models import ObservationSignoff, PracticeEntry


@dataclass(frozen=True)
class ItemResult:
    """The observer's finding on one checklist item."""

    met: bool
    comment: str = ""


@dataclass(frozen=True)
class Observation:
    """What the observer found: a result for each checklist item (by id), outcome, comments."""

    results: Mapping[str, ItemResult] = field(default_factory=dict)
    outcome: str = ""
    comments: str = ""


def observation_problems(observation: Observation | None) -> dict[str, str]:
    """Each checklist field's problem (``met_<item id>``, ``outcome``, ``comments``), if any."""
    found = observation or Observation()
    problems = {
        f"met_{item.id}": f"Say whether this was met: {item.text.lower()}"
        for item in OBSERVATION_CHECKLIST
        if item.id not in found.results
    }
    if found.outcome not in OUTCOMES:
        problems["outcome"] = "Choose whether the session passed"
    elif found.outcome == PASSED and not all(r.met for r in found.results.values()):
        problems["outcome"] = (
            "A session can only pass when every item is met. Choose 'Not yet', "
            "or check the items again."
        )
    elif found.outcome != PASSED and not found.comments.strip():
        problems["comments"] = (
            "Say what the trainee needs to work on before their next observed session"
        )
    return problems


def new_signoff(entry: PracticeEntry, observer_id: int, found: Observation) -> ObservationSignoff:
    """The sign-off row for ``entry`` (flushed already), the checklist in its fixed order."""
    return ObservationSignoff(
        entry_id=entry.id,
        observer_id=observer_id,
        checklist=[
            {
                "id": item.id,
                "item": item.text,
                "met": found.results[item.id].met,
                "comment": found.results[item.id].comment.strip(),
            }
            for item in OBSERVATION_CHECKLIST
        ],
        outcome=found.outcome,
        comments=found.comments.strip(),
    )


def audit_details(found: Observation) -> dict[str, Any]:
    """What the audit event of a sign-off records beyond the entry: outcome, items met."""
    met = sum(1 for r in found.results.values() if r.met)
    return {"outcome": found.outcome, "items_met": f"{met}/{len(OBSERVATION_CHECKLIST)}"}
