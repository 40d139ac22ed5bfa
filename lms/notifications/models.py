"""A notification to one person, and each person's choice of how they hear by email."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import utcnow
from lms.extensions import db

EACH = "each"
DIGEST = "digest"
NONE = "none"
EMAIL_CHOICES = {
    EACH: "Each time something happens",
    DIGEST: "One email a day listing what is new",
    NONE: "No emails (I will look on the site)",
}


class Notification(db.Model):
    """Something that needs the person's attention: a short text with no sensitive detail
    (never a mentee's notes or a reason) and the site path that shows it.

    ``digest_due`` is set when the person chose the daily digest and the item has not been in
    one yet; the digest job clears it.
    """

    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    kind: Mapped[str] = mapped_column(String(40))
    text: Mapped[str] = mapped_column(String(200))
    link: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None]
    digest_due: Mapped[bool] = mapped_column(default=False)

    __table_args__ = (
        # The header's unread count and the list, newest first.
        Index("ix_notifications_person_id_read_at", "person_id", "read_at"),
        Index("ix_notifications_person_id_created_at", "person_id", "created_at"),
    )

    @property
    def unread(self) -> bool:
        return self.read_at is None


class NotificationSetting(db.Model):
    """How one person wants to hear by email; no row means "each time".

    ``last_digest_on`` is the UK day of the last digest sent, so a day gets one at most.
    """

    __tablename__ = "notification_settings"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    email_choice: Mapped[str] = mapped_column(String(10), default=EACH)
    last_digest_on: Mapped[date | None]

    __table_args__ = (
        CheckConstraint("email_choice in ('each', 'digest', 'none')", name="email_choice_known"),
    )


class ExpiryWarning(db.Model):
    """A warning sent to a certificate's holder ``days_before`` it expires (60, 30 or 7): the
    unique key lets each go once, even when two runs of the daily job overlap."""

    __tablename__ = "expiry_warnings"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"))
    days_before: Mapped[int]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint(
            "certificate_id", "days_before", name="uq_expiry_warnings_certificate_days"
        ),
        CheckConstraint("days_before > 0", name="days_before_positive"),
    )


class WorkDigest(db.Model):
    """The daily "work waiting" email sent to a trainer or coordinator on a UK day: the key
    lets a day have one at most, however often the job runs."""

    __tablename__ = "work_digests"

    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), primary_key=True)
    day: Mapped[date] = mapped_column(primary_key=True)
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
