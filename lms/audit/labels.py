"""Plain-English names for audit action codes, subject types and event details."""

from __future__ import annotations

from typing import Any

ACTION_LABELS: dict[str, str] = {
    "person.invited": "Person invited",
    "person.invitation_resent": "Invitation sent again",
    "outbox.resent": "Email sent again from the outbox",
    "person.invitation_to_existing_account": "Invitation tried for an account in another scheme",
    "person.password_set": "Password set for the first time",
    "person.password_changed": "Password changed",
    "person.updated": "Person's details or roles changed",
    "person.deactivated": "Account deactivated",
    "person.reactivated": "Account reactivated",
    "scheme.created": "Scheme created",
    "scheme.updated": "Scheme changed",
    "scheme.safeguarding_contacts_changed": "Safeguarding lead or deputy named",
    "quiz.passed": "Quiz passed",
    "quiz.failed": "Quiz not passed",
    "scenario.submitted": "Scenario answer sent for marking",
    "scenario.claimed": "Scenario answer taken for marking",
    "scenario.released": "Scenario answer handed back for someone else to mark",
    "scenario.marked": "Scenario answer marked",
    "scenario.second_marked": "Scenario answer second-marked",
    "scenario.resolved": "Second-marking disagreement resolved",
    "practice.submitted": "Supervised practice logged",
    "practice.edited": "Supervised practice entry edited",
    "practice.resubmitted": "Supervised practice entry corrected and sent again",
    "practice.withdrawn": "Supervised practice entry withdrawn",
    "practice.confirmed": "Supervised practice confirmed",
    "practice.rejected": "Supervised practice sent back",
    "practice.signed_off": "Observed practice signed off",
}

SUBJECT_LABELS: dict[str, str] = {
    "person": "Person",
    "scheme": "Scheme",
    "quiz_attempt": "Quiz attempt",
    "scenario_submission": "Scenario answer",
    "practice_entry": "Practice log entry",
    "outbox_message": "Email in the outbox",
}

# What each problem ``verify_chain`` can report means, for someone who has never met a hash.
CHAIN_PROBLEMS: dict[str, str] = {
    "is sealed with an audit key this server does not have": (
        "Its seal names an audit key id that is neither AUDIT_KEY_ID nor listed in "
        "AUDIT_KEYS_OLD. If the key was rotated, add the old key to AUDIT_KEYS_OLD; "
        "otherwise the event was written by someone without the key."
    ),
    "is an unkeyed event (seal sha256), so the trail was rewritten": (
        "Its fingerprint is plain SHA-256, which anyone can compute without the audit key. "
        "Every such event was re-sealed with the key when the service was upgraded, so this "
        "one was written or rewritten in the database by someone without the key."
    ),
    "was changed after it was written": (
        "Its contents no longer match the fingerprint taken when it was recorded, "
        "so something in it has been edited since."
    ),
    "does not follow the event before it": (
        "It does not point to the event recorded before it, "
        "so an event may have been removed, added or put out of order."
    ),
}


def _humanise(code: str) -> str:
    text = code.replace(".", " ").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def action_label(code: str) -> str:
    """The readable name for an action code, or the code itself if we do not know it."""
    return ACTION_LABELS.get(code, code)


def subject_label(subject_type: str) -> str:
    """The readable name for a kind of subject: ``quiz_attempt`` becomes 'Quiz attempt'."""
    return SUBJECT_LABELS.get(subject_type) or _humanise(subject_type)


def actions_matching(text: str) -> list[str]:
    """Known action codes whose readable name contains ``text`` (so people can search words)."""
    needle = text.strip().lower()
    if not needle:
        return []
    return [code for code, label in ACTION_LABELS.items() if needle in label.lower()]


def _value(value: Any) -> str:
    if value is None or value == "":
        return "None"
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list | tuple):
        return ", ".join(_value(v) for v in value) if value else "None"
    return str(value)


def readable_details(details: dict[str, Any] | None, prefix: str = "") -> list[tuple[str, str]]:
    """Event details as (label, value) rows; nested dictionaries become 'Before: name' rows."""
    rows: list[tuple[str, str]] = []
    for key, value in (details or {}).items():
        label = f"{prefix}: {_humanise(str(key)).lower()}" if prefix else _humanise(str(key))
        if isinstance(value, dict) and value:
            rows.extend(readable_details(value, label))
        else:
            rows.append((label, _value(value)))
    return rows
