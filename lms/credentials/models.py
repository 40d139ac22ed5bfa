"""Signed Open Badges credentials (one per certificate), the signed status lists, and the entries
the conformance issuer (``/credentials/issue``, test suites only) has handed out."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from lms.db import utcnow
from lms.extensions import db


class BadgeCredential(db.Model):
    """The OpenBadgeCredential issued with a certificate: its signed JSON and its list indexes.

    The holder appears only as a salted hash of their email or username (inside ``json``).
    """

    __tablename__ = "badge_credentials"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), unique=True)
    json: Mapped[str] = mapped_column(Text)
    revocation_index: Mapped[int] = mapped_column(unique=True)
    suspension_index: Mapped[int] = mapped_column(unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class StatusList(db.Model):
    """One signed BitstringStatusListCredential per list: "revocation" and "suspension" for the
    certificates, "conformance-revocation" and "conformance-suspension" for the test suites."""

    __tablename__ = "status_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(40), unique=True)
    json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ConformanceStatusEntry(db.Model):
    """A status-list index the conformance issuer gave a test-suite credential. Rows are never
    deleted, so an index is never handed out twice; they never touch the certificates' lists."""

    __tablename__ = "conformance_status_entries"
    __table_args__ = (UniqueConstraint("purpose", "status_index"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20))
    status_index: Mapped[int]
    credential_id: Mapped[str | None] = mapped_column(String(500), index=True)
    is_set: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
