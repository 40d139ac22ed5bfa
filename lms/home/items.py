"""An action item (a count, where the work is, how urgent) and helpers to count a query once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

# The first plural noun of a label, made singular when the count is one.
_SINGULAR = {
    "answers": "answer",
    "sessions": "session",
    "mentors": "mentor",
    "mentees": "mentee",
    "trainees": "trainee",
    "matches": "match",
    "rechecks": "recheck",
    "suspensions": "suspension",
    "certificates": "certificate",
    "revocations": "revocation",
    "messages": "message",
    "invitations": "invitation",
    "claims": "claim",
}


@dataclass(frozen=True)
class ActionItem:
    """One line of "Needs your action": ``count`` things, found at ``url``; ``label`` is
    written for many ("answers to mark")."""

    key: str
    label: str
    count: int
    url: str
    detail: str = ""
    # A status rather than a count ("The audit trail has never been checked"): said as is.
    sentence: str = ""

    @property
    def text(self) -> str:
        """'3 answers to mark', '1 answer to mark'."""
        if self.sentence:
            return self.sentence
        words = self.label.split(" ")
        if self.count == 1:
            for i, word in enumerate(words):
                if word in _SINGULAR:
                    words[i] = _SINGULAR[word]
                    break
        return f"{self.count} " + " ".join(words)


def count(session: Session, stmt: Select) -> int:
    """How many rows ``stmt`` returns, in one statement (its loader options do not apply)."""
    return int(session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery())))


def waited(since: datetime | None, now: datetime) -> str:
    """How long something has waited, as people say it: '3 days', '5 hours', 'under an hour'."""
    if since is None:
        return ""
    gap = now - since
    if gap.days >= 1:
        return f"{gap.days} day" + ("" if gap.days == 1 else "s")
    hours = gap.seconds // 3600
    if hours >= 1:
        return f"{hours} hour" + ("" if hours == 1 else "s")
    return "under an hour"


def pending(items: list[ActionItem]) -> list[ActionItem]:
    """Only the items with something to do, in the order given (most urgent first)."""
    return [item for item in items if item.count]
