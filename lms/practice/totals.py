"""Confirmed supervised practice of one trainee, counted against what a certificate needs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.practice.checklist import PASSED
from lms.practice.models import CONFIRMED, ObservationSignoff, PracticeEntry
from lms.practice.requirements import CORE_PRACTICE, PracticeNeeds


@dataclass(frozen=True)
class PracticeTotals:
    """Confirmed practice against what a certificate needs."""

    minutes: int
    sessions: int
    observed_passed: int
    needs: PracticeNeeds

    @property
    def hours_text(self) -> str:
        """Hours as people write them: '14', '14.5', '14.25'."""
        return f"{self.minutes / 60:g}"

    @property
    def hours_met(self) -> bool:
        return self.minutes >= self.needs.hours * 60

    @property
    def sessions_met(self) -> bool:
        return self.sessions >= self.needs.sessions

    @property
    def observed_met(self) -> bool:
        return self.observed_passed >= self.needs.observed

    @property
    def all_met(self) -> bool:
        return self.hours_met and self.sessions_met and self.observed_met


def totals(
    session: Session,
    trainee: Person,
    needs: PracticeNeeds = CORE_PRACTICE,
    pathway: str | None = None,
) -> PracticeTotals:
    """Only confirmed sessions count, and only passed observations count as observed.

    With a ``pathway``, only sessions logged as with that pathway's people count.
    """
    counted = [PracticeEntry.person_id == trainee.id, PracticeEntry.status == CONFIRMED]
    if pathway:
        counted.append(PracticeEntry.pathway == pathway)
    minutes, sessions = session.execute(
        select(
            func.coalesce(func.sum(PracticeEntry.duration_minutes), 0),
            func.count(PracticeEntry.id),
        ).where(*counted)
    ).one()
    observed = session.scalar(
        select(func.count(ObservationSignoff.id))
        .join(PracticeEntry, ObservationSignoff.entry_id == PracticeEntry.id)
        .where(*counted, ObservationSignoff.outcome == PASSED)
    )
    return PracticeTotals(int(minutes), int(sessions), int(observed or 0), needs)
