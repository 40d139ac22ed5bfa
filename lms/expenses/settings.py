"""A scheme's expense settings: what its mentors may claim, the limit per claim of each kind,
and sessional pay. An admin may change any scheme's; a coordinator only their own scheme's."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from lms.accounts.models import Person, Role
from lms.audit.services import record
from lms.db import utcnow
from lms.domain import DomainError
from lms.expenses.models import DEFAULT_LIMITS, KINDS, MAX_LIMIT_PENCE, ExpenseSettings
from lms.expenses.money import pounds

MAX_RATE_PENCE = 10_000  # £100 an hour


class ExpenseError(DomainError):
    """An expense request a rule refuses; ``code`` as in DomainError ("forbidden" when the
    person may not do it, "wrong_status" when the claim is past that step)."""

    def __init__(self, message: str, field: str | None = None, code: str = "invalid") -> None:
        super().__init__(message, field)
        self.code = code


@dataclass(frozen=True)
class SettingsDetails:
    """The settings as entered: per kind a limit in pence, or None when it may not be claimed."""

    limits: dict[str, int | None]
    pays_sessional: bool
    hourly_rate: int | None


def may_manage(actor: Person, scheme_id: int) -> bool:
    """Admins manage every scheme's settings; a coordinator only their own scheme's."""
    if actor.has_role(Role.ADMIN):
        return True
    return actor.has_role(Role.COORDINATOR) and actor.scheme_id == scheme_id


def settings_for(session: Session, scheme_id: int) -> ExpenseSettings:
    """The scheme's saved settings, or the defaults (not added to the session) if none."""
    saved = session.get(ExpenseSettings, scheme_id)
    if saved is not None:
        return saved
    defaults = {f"{kind}_limit": limit for kind, limit in DEFAULT_LIMITS.items()}
    return ExpenseSettings(scheme_id=scheme_id, pays_sessional=False, hourly_rate=0, **defaults)


def _shown(settings: ExpenseSettings) -> dict[str, str]:
    """The settings as audit details: each kind's limit in pounds ("off" when not allowed)."""
    shown = {kind: pounds(limit) if limit else "off" for kind, limit in settings.limits().items()}
    shown["sessional pay"] = pounds(settings.hourly_rate) if settings.pays_sessional else "off"
    return shown


def save_settings(
    session: Session, actor: Person, scheme_id: int, details: SettingsDetails
) -> ExpenseSettings:
    """Check and save the scheme's settings, with an audit event of before and after."""
    if not may_manage(actor, scheme_id):
        raise ExpenseError(
            "Only an admin or this scheme's coordinator can do this.", code="forbidden"
        )
    for kind in KINDS:
        limit = details.limits.get(kind)
        if limit is not None and not 0 < limit <= MAX_LIMIT_PENCE:
            raise ExpenseError(
                "Enter a limit from £0.01 to £1,000, like 12.50, or untick this kind.",
                field=f"{kind}_limit",
            )
    rate = details.hourly_rate or 0
    if details.pays_sessional and not 0 < rate <= MAX_RATE_PENCE:
        raise ExpenseError(
            "Enter the hourly rate from £0.01 to £100, like 12.21.", field="hourly_rate"
        )
    settings = session.get(ExpenseSettings, scheme_id)
    before = _shown(settings_for(session, scheme_id))
    if settings is None:
        settings = ExpenseSettings(scheme_id=scheme_id)
        session.add(settings)
    for kind in KINDS:
        setattr(settings, f"{kind}_limit", details.limits.get(kind))
    settings.pays_sessional = details.pays_sessional
    settings.hourly_rate = rate if details.pays_sessional else 0
    settings.updated_at = utcnow()
    settings.updated_by_id = actor.id
    session.flush()
    record(
        session,
        actor=actor,
        action="expenses.settings_changed",
        subject_type="scheme",
        subject_id=scheme_id,
        scheme_id=scheme_id,
        details={"before": before, "after": _shown(settings)},
    )
    return settings
