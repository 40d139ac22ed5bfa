"""A DBS check recorded for a person. No conviction details are ever stored."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import Person
from lms.db import utcnow
from lms.extensions import db

LEVELS = {
    "basic": "Basic",
    "standard": "Standard",
    "enhanced": "Enhanced",
    "enhanced_barred": "Enhanced with barred lists",
}
LEVEL_ORDER = list(LEVELS)


class VettingCheck(db.Model):
    """One DBS check: its level, the certificate's date, Update Service, and when to recheck."""

    __tablename__ = "vetting_checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    scheme_id: Mapped[int | None] = mapped_column(ForeignKey("schemes.id"), index=True)
    level: Mapped[str] = mapped_column(String(20))
    certificate_date: Mapped[date]
    update_service: Mapped[bool] = mapped_column(default=False)
    recheck_due: Mapped[date]
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    recorded_by: Mapped[Person] = relationship(foreign_keys=[recorded_by_id])

    __table_args__ = (
        CheckConstraint(
            "level in ('basic', 'standard', 'enhanced', 'enhanced_barred')", name="level_known"
        ),
        CheckConstraint("recheck_due >= certificate_date", name="recheck_after_certificate"),
        # Each person's latest check and what it says, read from the index alone by one seek.
        Index(
            "ix_vetting_checks_person_latest",
            "person_id",
            "certificate_date",
            "id",
            "level",
            "recheck_due",
        ),
    )

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]
