"""Separation of duties: nobody acts on their own accreditation, whatever roles they hold.

Every service that changes a person's accreditation record (certificates, DBS checks, marks,
practice decisions, supervision) or matches them with a mentee calls ``refuse_own`` first. The
rule lives here once, so the web, the scheme API and the command line all meet the same answer;
``lms/errors.py`` turns ``OwnRecord`` into a 403 page or a JSON error naming why.
"""

from __future__ import annotations

from lms.accounts.models import Person
from lms.domain import DomainError

# What the person tried to do (said to them) and who can do it instead, by action.
ACTIONS: dict[str, tuple[str, str]] = {
    "issue": ("issue or renew your own certificate", "another trainer or an admin"),
    "suspend": ("suspend your own certificate", "another coordinator or an admin"),
    "reinstate": ("reinstate your own certificate", "another coordinator or an admin"),
    "propose_revocation": (
        "propose revoking your own certificate",
        "another coordinator or an admin",
    ),
    "decide_revocation": ("decide on revoking your own certificate", "another admin"),
    "record_check": ("record your own DBS check", "another coordinator or an admin"),
    "match": ("match yourself or change your own matches", "another coordinator"),
    "conflict": ("declare or remove a conflict of your own", "another coordinator"),
    "supervise": ("record your own supervision", "another trainer"),
    "mark": ("mark your own answer", "another trainer"),
    "second_mark": ("second-mark your own answer", "another lead trainer or an admin"),
    "practice": ("confirm, send back or sign off your own practice", "another trainer"),
}


class OwnRecord(DomainError):
    """The actor tried to act on their own accreditation record; the message says who can."""

    code = "own_record"

    def __init__(self, action: str) -> None:
        what, who = ACTIONS[action]
        super().__init__(
            f"You cannot {what}: nobody acts on their own accreditation. Ask {who} to do it."
        )
        self.action = action


def _person_id(subject: Person | int | None) -> int | None:
    return subject if isinstance(subject, int) or subject is None else subject.id


def is_own(actor: Person | None, subject: Person | int | None) -> bool:
    """Whether ``subject`` (a person or a person's id) is the actor themselves."""
    return actor is not None and actor.id is not None and actor.id == _person_id(subject)


def refuse_own(actor: Person | None, subject: Person | int | None, action: str) -> None:
    """Raise ``OwnRecord`` when the actor would act on their own record. ``actor`` None is the
    system (the morning sweep, say), which has no record of its own."""
    if action not in ACTIONS:
        raise KeyError(f"Unknown action {action!r}: add it to lms.accounts.duties.ACTIONS")
    if is_own(actor, subject):
        raise OwnRecord(action)
