"""Plain-English names for audit action codes, subject types and the people an event names."""

from __future__ import annotations

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
    "person.created_with_username": "Trainee added without email, with a sign-in card",
    "person.sign_in_card_printed": "New sign-in card printed",
    "person.email_added": "Email address added",
    "person.email_requested": "Email address sent a link to confirm",
    "scheme.created": "Scheme created",
    "scheme.updated": "Scheme changed",
    "scheme.safeguarding_contacts_changed": "Safeguarding lead or deputy named",
    "scheme.settings_changed": "Scheme settings changed",
    "vetting.entered_in_error": "DBS check marked as entered in error",
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
    "practice.recorded": "Supervised practice recorded and confirmed by a trainer",
    "expense.submitted": "Expense claim made",
    "expense.approved": "Expense claim approved",
    "expense.queried": "Expense claim queried",
    "expense.answered": "Expense claim answered and sent again",
    "expense.withdrawn": "Expense claim withdrawn",
    "expenses.settings_changed": "Scheme's expense settings changed",
    "certificate.issued": "Certificate issued",
    "certificate.renewed": "Certificate renewed",
    "certificate.suspended": "Certificate suspended",
    "certificate.reinstated": "Certificate reinstated",
    "certificate.revocation_proposed": "Revoking a certificate proposed",
    "certificate.revoked": "Certificate revoked (second admin agreed)",
    "certificate.revocation_declined": "Proposal to revoke a certificate turned down",
    "certificate.expired": "Certificate expired",
    "vetting.recorded": "DBS check recorded",
    "supervision.recorded": "Supervision session recorded",
    "mentor_profile.created": "Mentor profile created",
    "mentor_profile.updated": "Mentor profile changed",
    "mentee.registered": "Mentee registered",
    "mentee.updated": "Mentee's details changed",
    "mentees.anonymised": "Old mentee records anonymised",
    "conflict.declared": "Conflict of interest declared",
    "conflict.removed": "Conflict of interest removed",
    "match.proposed": "Match proposed",
    "match.activated": "Match made active",
    "match.accepted": "Match accepted by the mentor",
    "match.declined": "Match turned down by the mentor",
    "match.paused": "Match paused",
    "match.resumed": "Match resumed",
    "match.ended": "Match ended",
    "match.end_asked": "Mentor asked to end the match",
    "match.end_refused": "Request to end the match turned down",
    "match.contact_logged": "Contact with the mentee logged",
    "match.concern_flagged": "Concern raised about a mentee",
    "match.concern_reviewed": "Concern looked at by the coordinator",
    "api_key.created": "API key created",
    "api_key.revoked": "API key revoked",
    "api.contacts_read": "Contact log read through the scheme API",
    "credential_key.created": "New credential signing key made (it signs from now)",
    "credential_key.retired": "Credential signing key retired (older credentials still verify)",
    "credential_key.removed": "Leaked credential signing key removed from the DID document",
}

SUBJECT_LABELS: dict[str, str] = {
    "person": "Person",
    "scheme": "Scheme",
    "quiz_attempt": "Quiz attempt",
    "scenario_submission": "Scenario answer",
    "practice_entry": "Practice log entry",
    "outbox_message": "Email in the outbox",
    "expense_claim": "Expense claim",
    "certificate": "Certificate",
    "match": "Match",
    "mentee": "Mentee",
    "api_key": "API key",
    "credential_key": "Credential signing key",
}

# Event details that name a person by id: shown as the person's name (linked), never the id.
PERSON_DETAILS: dict[str, str] = {
    "holder_id": "Holder",
    "mentor_id": "Mentor",
    "trainee_id": "Trainee",
    "supervisor_id": "Supervisor",
    "lead_id": "Safeguarding lead",
    "deputy_id": "Safeguarding deputy",
    "previous_lead_id": "Safeguarding lead before",
    "previous_deputy_id": "Safeguarding deputy before",
    "proposed_by": "Proposed by",
    "created_by_id": "Created by",
    "told": "Told",
}
# Details that name a mentee by id: shown as the mentee's reference (linked).
MENTEE_DETAILS: dict[str, str] = {"mentee_id": "Mentee"}
# Ids of records with no page of their own (a contact, a proposal, a supervision session, a
# DBS check) or that the event's subject already names (the match, the API key): the event's
# other details say what they were, so the page leaves the number out.
HIDDEN_DETAILS = frozenset({"contact_id", "proposal", "session", "check_id", "match", "api_key"})
# Every other detail's label and words: lms/admin/audit_details.py.

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
    """The readable name for an action code; an unknown code (from an older release, say) is
    put into words rather than shown raw. tests/unit/test_audit_labels.py checks every action
    the code records has a label here."""
    return ACTION_LABELS.get(code) or _humanise(code)


def detail_label(key: str) -> str:
    """The readable name of a detail naming a person or a mentee: ``holder_id`` is 'Holder'."""
    return PERSON_DETAILS.get(key) or MENTEE_DETAILS.get(key) or _humanise(key)


def subject_label(subject_type: str) -> str:
    """The readable name for a kind of subject: ``quiz_attempt`` becomes 'Quiz attempt'."""
    return SUBJECT_LABELS.get(subject_type) or _humanise(subject_type)


def actions_matching(text: str) -> list[str]:
    """Known action codes whose readable name contains ``text`` (so people can search words)."""
    needle = text.strip().lower()
    if not needle:
        return []
    return [code for code, label in ACTION_LABELS.items() if needle in label.lower()]
