"""An action item (a count, where the work is, how urgent) and helpers to count a query once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class ActionItem:
    """One line of "Needs your action": ``count`` things, found at ``url``."""

    key: str
    label: str
    count: int
    url: str
    detail: str = ""


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
