"""The checklist an observed session is signed off against; ids are stable for certificates."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ChecklistItem:
    """One thing the observer looks for. ``id`` never changes once used; ``text`` may."""

    id: str
    text: str


OBSERVATION_CHECKLIST: tuple[ChecklistItem, ...] = (
    ChecklistItem("boundaries", "Keeps boundaries"),
    ChecklistItem("active_listening", "Listens actively"),
    ChecklistItem("confidentiality_limits", "Agrees the limits of confidentiality"),
    ChecklistItem("signposting", "Signposts appropriately"),
    ChecklistItem("mentee_focus", "Keeps the focus on the mentee"),
    ChecklistItem("factual_records", "Records the session factually"),
)
CHECKLIST_IDS = frozenset(item.id for item in OBSERVATION_CHECKLIST)

PASSED, NOT_YET = "passed", "not_yet"
OUTCOMES = {PASSED: "Passed", NOT_YET: "Not yet"}
