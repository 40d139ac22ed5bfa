"""A certificate's status on a given day, for schemes and (more coarsely) for the public."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol

VALID, EXPIRING, EXPIRED, SUSPENDED, REVOKED, SUPERSEDED = (
    "valid",
    "expiring",
    "expired",
    "suspended",
    "revoked",
    "superseded",
)
LABELS = {
    VALID: "Valid",
    EXPIRING: "Valid, renewal due",
    EXPIRED: "Expired",
    SUSPENDED: "Suspended",
    REVOKED: "Revoked",
    SUPERSEDED: "Replaced by a renewed certificate",
}
# The public never learns why a certificate stopped being valid.
PUBLIC = {
    VALID: "valid",
    EXPIRING: "valid",
    EXPIRED: "expired",
    SUSPENDED: "not_valid",
    REVOKED: "not_valid",
    SUPERSEDED: "not_valid",
}


class HasLifecycle(Protocol):
    valid_until: date
    revoked_at: object
    suspended_at: object
    superseded_at: object


def status_on(cert: HasLifecycle, today: date, renewal_window_days: int) -> str:
    """Revoked, replaced, suspended, expired, in the renewal window, or valid (last day counts)."""
    if cert.revoked_at is not None:
        return REVOKED
    if cert.superseded_at is not None:
        return SUPERSEDED
    if cert.suspended_at is not None:
        return SUSPENDED
    if today > cert.valid_until:
        return EXPIRED
    if today >= cert.valid_until - timedelta(days=renewal_window_days):
        return EXPIRING
    return VALID


def allows_practice(status: str) -> bool:
    """Whether a holder with this status may be matched or practise as a mentor."""
    return status in (VALID, EXPIRING)
