"""How each detail an audit event records is shown: a plain label and its value in words (UK
dates, names for codes, hours and minutes), and empty values left out.

tests/unit/test_audit_details.py reads every detail key the code records and fails on one
that is neither here nor named by ``lms.admin.audit_names`` (people, mentees, schemes,
certificates, modules and scenarios by their titles) nor hidden (``labels.HIDDEN_DETAILS``)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from lms.accounts.models import Role
from lms.admin.scheme_settings import NAMES as SETTING_NAMES
from lms.assessment.oral import CHANNELS
from lms.expenses.models import KINDS as EXPENSE_KINDS
from lms.matching.models import CONFLICT_KINDS, END_REQUESTERS
from lms.outbox.models import STATUS_LABELS
from lms.practice.checklist import OUTCOMES as OBSERVATION_OUTCOMES
from lms.practice.models import SESSION_KINDS
from lms.ukdates import uk_date, uk_datetime
from lms.vetting.models import KINDS as CHECK_KINDS
from lms.vetting.models import LEVELS

# (value, action) -> words, or None to leave the row out.
Words = Callable[[Any, str], str | None]


def humanise(code: str) -> str:
    """A code or slug as words: ``core-peer-mentor`` becomes 'Core peer mentor'."""
    text = re.sub(r"[._\-]+", " ", str(code)).strip()
    return text[:1].upper() + text[1:]


def empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _text(value: Any, action: str) -> str:
    return str(value)


def _number(value: Any, action: str) -> str:
    return f"{value:,}" if isinstance(value, int) and not isinstance(value, bool) else str(value)


def _yes_no(value: Any, action: str) -> str:
    return "Yes" if value else "No"


def _day(value: Any, action: str) -> str:
    """An ISO date (or date and time) as UK words: 2028-11-28 becomes 28 November 2028."""
    if isinstance(value, datetime):
        return uk_datetime(value)
    if isinstance(value, date):
        return uk_date(value)
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return uk_datetime(parsed) if "T" in str(value) else uk_date(parsed.date())


def day(value: Any) -> str:
    """A recorded date in UK words, for a page that names one (a practice session's day)."""
    return _day(value, "")


def _minutes(value: Any, action: str) -> str:
    if not isinstance(value, int):
        return str(value)
    hours, minutes = divmod(value, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    parts += [f"{minutes} minute{'s' if minutes != 1 else ''}"] if minutes or not hours else []
    return " ".join(parts)


def _words_for(mapping: dict[str, str]) -> Words:
    return lambda value, action: mapping.get(str(value)) or humanise(value)


def _kind(value: Any, action: str) -> str:
    """A kind means different things in different features: the action says which."""
    feature = action.split(".", 1)[0]
    mapping = {"conflict": CONFLICT_KINDS, "expense": EXPENSE_KINDS, "practice": SESSION_KINDS}
    return mapping.get(feature, {}).get(str(value)) or humanise(value)


OUTCOMES = {"pass": "Pass", "refer": "Refer: the trainee tries again", **OBSERVATION_OUTCOMES}
MODES = {"written": "Written answer", "oral": "Answered out loud"}
ROLES = {role.value: role.label for role in Role}


def _roles(value: Any, action: str) -> str:
    values = value if isinstance(value, list | tuple) else [value]
    return ", ".join(ROLES.get(str(v)) or humanise(v) for v in values) or "None"


def _score(value: Any, action: str) -> str:
    right, _, total = str(value).partition("/")
    return f"{right} out of {total}" if total else str(value)


def _fields(value: Any, action: str) -> str:
    """Names of changed fields (never their values: the mentee's are restricted)."""
    values = value if isinstance(value, list | tuple) else [value]
    return ", ".join(humanise(v).lower() for v in values).capitalize()


# key -> (label, words). People, mentees and certificates are named in lms/admin/audit_names.py.
DETAILS: dict[str, tuple[str, Words]] = {
    "valid_until": ("Valid until", _day),
    "review_date": ("Review date", _day),
    "certificate_date": ("Date on the DBS certificate", _day),
    "recheck_due": ("Recheck due", _day),
    "update_service_checked_on": ("Update Service status checked on", _day),
    "update_service": ("On the DBS Update Service", _yes_no),
    "level": ("Level of DBS check", _words_for(LEVELS)),
    "check_kind": ("Kind of check", _words_for(CHECK_KINDS)),
    "held_on": ("Date of the session", _day),
    "session_date": ("Date of the session", _day),
    "ended_before": ("Matches ended before", _day),
    "minutes": ("Length", _minutes),
    "paid_minutes": ("Paid time", _minutes),
    "kind": ("Kind", _kind),
    "amount": ("Amount", _text),
    "requested_by": ("Asked for by", _words_for(END_REQUESTERS)),
    "mentor_reason": ("The mentor's reason", _text),
    "previous_reason": ("Reason it was sent back", _text),
    "concern": ("Concern raised", _yes_no),
    "items_met": ("Checklist items met", _score),
    "channel": ("How the trainee answered", _words_for(CHANNELS)),
    "oral_on": ("Date they answered", _day),
    "outcome": ("Result", _words_for(OUTCOMES)),
    "first_outcome": ("First marker's result", _words_for(OUTCOMES)),
    "second_outcome": ("Second marker's result", _words_for(OUTCOMES)),
    "agreed_outcome": ("Agreed result", _words_for(OUTCOMES)),
    "agree": ("Agrees with the first mark", _yes_no),
    "changed": ("What changed", _fields),
    "mode": ("How it was answered", _words_for(MODES)),
    "met": ("Criteria met", _number),
    "attempt": ("Attempt", _number),
    "scenario": ("Scenario", _words_for({})),
    "module": ("Module", _words_for({})),
    "definition": ("Certificate", _words_for({})),
    "version": ("Version", _number),
    "score": ("Score", _score),
    "failed_must_pass": ("Missed a question that must be right", _yes_no),
    "role": ("Role", _roles),
    "roles": ("Roles", _roles),
    "email": ("Email address", _text),
    "username": ("Username", _text),
    "password_ended": ("Their password was ended", _yes_no),
    "code_expires": ("Card's code works until", _day),
    "name": ("Name", _text),
    "slug": ("Short name for web addresses", _text),
    "reference": ("Reference", _text),
    "prefix": ("Key starts with", _text),
    "public_key": ("Public key (publicKeyMultibase)", _text),
    "retired_at": ("Retired from", _day),
    "certificates": ("Certificates whose credential it signed", _number),
    "template": ("Email", _words_for({})),
    "status": ("Status before", _words_for(STATUS_LABELS)),
    "attempts": ("Tries to send it", _number),
    "count": ("How many", _number),
    "capacity": ("How many mentees at once", _number),
    "available": ("Available for new matches", _yes_no),
    "lead_trainer": ("Lead trainer", _yes_no),
    "scheme_id": ("Scheme", _text),  # named by audit_names from the page's schemes
    "contact_email": ("Contact email", _text),
    "contact_phone": ("Contact phone", _text),
    "contact_address": ("Contact address", _text),
}


def setting_change(key: str, change: dict[str, Any]) -> tuple[str, str] | None:
    """A scheme setting's change as a row: 'Supervision interval', 'from 6 weeks to 8 weeks'."""
    if key in SETTING_NAMES:
        what, unit = SETTING_NAMES[key]
        label = what[:1].upper() + what[1:]

        def shown(value: Any) -> str:
            return "the certificate's own" if value is None else f"{value} {unit}"

    elif key in DETAILS:
        label = DETAILS[key][0]

        def shown(value: Any) -> str:
            return "nothing" if empty(value) else str(value)

    else:
        return None
    return label, f"from {shown(change.get('from'))} to {shown(change.get('to'))}"


def detail_rows(key: str, value: Any, action: str) -> list[tuple[str, str]]:
    """One recorded detail as (label, words) rows; none when the value is empty."""
    if empty(value):
        return []
    if isinstance(value, dict) and set(value) <= {"from", "to"} and value:
        row = setting_change(key, value)
        return [row] if row else [(humanise(key), f"from {value.get('from')} to {value.get('to')}")]
    if isinstance(value, dict):  # before / after, per-scheme counts: one row each, prefixed
        prefix = DETAILS.get(key, (humanise(key), _text))[0]
        rows = []
        for inner, inner_value in value.items():
            for label, text in detail_rows(str(inner), inner_value, action):
                rows.append((f"{prefix}: {label[:1].lower()}{label[1:]}", text))
        return rows
    label, words = DETAILS.get(key, (humanise(key), _text))
    text = words(value, action)
    return [] if text is None or text == "" else [(label, text)]
