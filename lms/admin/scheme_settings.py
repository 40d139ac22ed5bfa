"""A scheme's settings in one place: the supervision and DBS recheck intervals, how far back
trainees may log practice, the practice its certificates ask for (never less than the
certificate definition), the safeguarding lead and deputy, and the contact details shown on its
verification pages. Admins change any scheme's, a coordinator their own; every change audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields

from sqlalchemy.orm import Session

from lms.accounts.contacts import contacts_row, set_safeguarding_contacts
from lms.accounts.models import Person, Role, Scheme
from lms.accounts.services import AccountError
from lms.audit.services import record
from lms.practice.requirements import core_needs

# (lowest, highest) allowed; practice limits start at the certificate definition's own figure.
SUPERVISION_WEEKS = (1, 26)
RECHECK_MONTHS = (6, 36)
BACKDATE_DAYS = (7, 365)
MOST_HOURS = 200
MOST_OBSERVED = 20


@dataclass(frozen=True)
class Settings:
    """Everything the settings page edits. None practice figures: the certificate's own."""

    supervision_interval_weeks: int
    dbs_recheck_months: int
    practice_backdate_days: int
    practice_hours_required: int | None
    observed_sessions_required: int | None
    contact_email: str | None
    contact_phone: str | None
    contact_address: str | None
    safeguarding_lead_id: int | None = None
    safeguarding_deputy_id: int | None = None


SCHEME_FIELDS = [f.name for f in fields(Settings) if not f.name.startswith("safeguarding")]


def may_change(actor: Person, scheme_id: int | None) -> bool:
    """Admins change any scheme's settings; a coordinator their own scheme's."""
    if actor.has_role(Role.ADMIN):
        return True
    return (
        actor.has_role(Role.COORDINATOR) and scheme_id is not None and actor.scheme_id == scheme_id
    )


def current(session: Session, scheme: Scheme) -> Settings:
    row = contacts_row(session, scheme)
    return Settings(
        **{name: getattr(scheme, name) for name in SCHEME_FIELDS},
        safeguarding_lead_id=row.safeguarding_lead_id if row else None,
        safeguarding_deputy_id=row.safeguarding_deputy_id if row else None,
    )


def limits(session: Session) -> dict[str, tuple[int, int]]:
    """The range each number must fall in: practice from what the certificate asks for."""
    needs = core_needs(session)
    return {
        "supervision_interval_weeks": SUPERVISION_WEEKS,
        "dbs_recheck_months": RECHECK_MONTHS,
        "practice_backdate_days": BACKDATE_DAYS,
        "practice_hours_required": (needs.hours, max(needs.hours, MOST_HOURS)),
        "observed_sessions_required": (needs.observed, max(needs.observed, MOST_OBSERVED)),
    }


NAMES = {
    "supervision_interval_weeks": ("supervision interval", "weeks"),
    "dbs_recheck_months": ("DBS recheck interval", "months"),
    "practice_backdate_days": ("number of days back trainees may log practice", "days"),
    "practice_hours_required": ("supervised hours required", "hours"),
    "observed_sessions_required": ("observed sessions required", "sessions"),
}


def _check(session: Session, settings: Settings) -> None:
    for name, (low, high) in limits(session).items():
        value = getattr(settings, name)
        if value is None and name in ("practice_hours_required", "observed_sessions_required"):
            continue
        what, unit = NAMES[name]
        if value is None or not low <= value <= high:
            raise AccountError(f"The {what} must be between {low} and {high} {unit}", field=name)


def save(session: Session, actor: Person, scheme: Scheme, settings: Settings) -> list[str]:
    """Check and save the settings; audit what changed (names of the changed settings)."""
    if not may_change(actor, scheme.id):
        raise AccountError("Only an admin or this scheme's coordinators can change its settings.")
    _check(session, settings)
    clean = {
        name: (value.strip() or None) if isinstance(value, str) else value
        for name, value in asdict(settings).items()
    }
    before = current(session, scheme)
    changed = {
        name: {"from": getattr(before, name), "to": clean[name]}
        for name in SCHEME_FIELDS
        if getattr(before, name) != clean[name]
    }
    set_safeguarding_contacts(
        session,
        actor,
        scheme,
        lead_id=clean["safeguarding_lead_id"],
        deputy_id=clean["safeguarding_deputy_id"],
    )
    for name, change in changed.items():
        setattr(scheme, name, change["to"])
    if changed:
        session.flush()
        record(
            session,
            actor=actor,
            action="scheme.settings_changed",
            subject_type="scheme",
            subject_id=scheme.id,
            scheme_id=scheme.id,
            details=changed,
        )
    contacts_changed = (before.safeguarding_lead_id, before.safeguarding_deputy_id) != (
        clean["safeguarding_lead_id"],
        clean["safeguarding_deputy_id"],
    )
    return [*changed, *(["safeguarding contacts"] if contacts_changed else [])]
