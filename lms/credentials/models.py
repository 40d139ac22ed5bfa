"""Signed Open Badges credentials (one per certificate) and the two signed status lists."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
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
    """One signed BitstringStatusListCredential per purpose ("revocation", "suspension")."""

    __tablename__ = "status_lists"

    id: Mapped[int] = mapped_column(primary_key=True)
    purpose: Mapped[str] = mapped_column(String(20), unique=True)
    json: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
