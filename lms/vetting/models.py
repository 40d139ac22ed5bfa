"""A DBS check recorded for a person. No conviction details are ever stored."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from lms.accounts.models import Person
from lms.db import utcnow
from lms.extensions import db
from lms.vetting.recheck_sql import effective_recheck

LEVELS = {
    "basic": "Basic",
    "standard": "Standard",
    "enhanced": "Enhanced",
    "enhanced_barred": "Enhanced with barred lists",
}
LEVEL_ORDER = list(LEVELS)
KINDS = {"dbs": "DBS check", "crb": "CRB check"}


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
    # "dbs", or "crb" for a check from before the DBS existed (December 2012).
    kind: Mapped[str] = mapped_column(String(3), default="dbs", server_default="dbs")
    # When the Update Service status was last checked (needed for a recheck beyond the interval).
    update_service_checked_on: Mapped[date | None]
    # A mistaken entry stays in the history, struck through, and counts for nothing.
    entered_in_error_at: Mapped[datetime | None]
    entered_in_error_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    entered_in_error_reason: Mapped[str | None] = mapped_column(Text)

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    recorded_by: Mapped[Person] = relationship(foreign_keys=[recorded_by_id])
    entered_in_error_by: Mapped[Person | None] = relationship(foreign_keys=[entered_in_error_by_id])

    __table_args__ = (
        CheckConstraint(
            "level in ('basic', 'standard', 'enhanced', 'enhanced_barred')", name="level_known"
        ),
        CheckConstraint("recheck_due >= certificate_date", name="recheck_after_certificate"),
        CheckConstraint("kind in ('dbs', 'crb')", name="kind_known"),
        # Each person's latest check that counts and what it says, read from the index alone
        # by one seek.
        Index(
            "ix_vetting_checks_person_latest",
            "person_id",
            "entered_in_error_at",
            "certificate_date",
            "id",
            "level",
            "recheck_due",
        ),
    )

    @property
    def level_label(self) -> str:
        return LEVELS[self.level]

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]

    @property
    def in_error(self) -> bool:
        return self.entered_in_error_at is not None

    @property
    def recheck_corrected(self) -> bool:
        """The recorded recheck date is beyond the scheme's interval, so the earlier
        ``effective_recheck_due`` is the one that counts."""
        return self.effective_recheck_due < self.recheck_due


# When the recheck is due as it counts (``lms.vetting.dates.effective_recheck_due``): the
# recorded date capped at the person's scheme's interval, read with the check in the same query.
VettingCheck.effective_recheck_due = column_property(effective_recheck(VettingCheck))

# Checks that count: every query for a person's current check filters on this.
COUNTS = VettingCheck.entered_in_error_at.is_(None)
