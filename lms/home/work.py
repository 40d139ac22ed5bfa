"""A trainer's or coordinator's "Needs your action" items as the daily work-waiting email counts
them (``lms/notifications/work_digest.py``): the same counts as their home page(s), registered
there so the notifications feature need not import the home pages."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy.orm import Session

from lms.accounts.models import Person, Role
from lms.home import coordinator, trainer
from lms.home.items import ActionItem
from lms.notifications.work_digest import work_source


@work_source
def staff_work(session: Session, person: Person, now: datetime, today: date) -> list[ActionItem]:
    """The person's items with a count: their trainer's, then their coordinator's."""
    found: list[ActionItem] = []
    if person.has_role(Role.TRAINER):
        found += trainer.items(session, person, now, today)
    if person.has_role(Role.COORDINATOR):
        found += coordinator.items(session, person, today)
    return found
