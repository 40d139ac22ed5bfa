"""Certificate definitions (versioned like modules), certificates and revocation proposals."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column, relationship

from lms.accounts.models import Person, Scheme
from lms.db import utcnow
from lms.extensions import db


class CertificateDefinition(db.Model):
    """One version of a certificate's requirements, keyed by the hash of its files.

    ``requirements`` holds ``modules`` (slugs), ``scenarios`` (keys), ``min_hours``,
    ``min_sessions``, ``min_observed``, ``vetting_level`` (or null) as loaded from
    ``certificates/<slug>/certificate.yaml``.
    """

    __tablename__ = "certificate_definitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), index=True)
    number: Mapped[int]
    content_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text)
    requirements: Mapped[dict[str, Any]] = mapped_column(JSON)
    competences: Mapped[list[str]] = mapped_column(JSON)
    validity_months: Mapped[int]
    renewal_window_days: Mapped[int]
    current: Mapped[bool] = mapped_column(default=True)
    synced_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("slug", "number", name="uq_certificate_definitions_slug_number"),
        UniqueConstraint("slug", "content_hash", name="uq_certificate_definitions_slug_hash"),
    )


class Certificate(db.Model):
    """A certificate issued to a person. At most one is current per person and definition.

    ``current`` is true until the certificate is superseded by a renewal or revoked; the
    partial unique index makes a second current certificate impossible even under a race.
    """

    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), unique=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    scheme_id: Mapped[int | None] = mapped_column(ForeignKey("schemes.id"), index=True)
    definition_id: Mapped[int] = mapped_column(ForeignKey("certificate_definitions.id"))
    definition_slug: Mapped[str] = mapped_column(String(80))
    holder_name: Mapped[str] = mapped_column(String(200))
    competences: Mapped[list[str]] = mapped_column(JSON)
    module_hashes: Mapped[dict[str, str]] = mapped_column(JSON)
    issued_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    issued_at: Mapped[datetime] = mapped_column(default=utcnow)
    valid_from: Mapped[date]
    valid_until: Mapped[date]
    current: Mapped[bool] = mapped_column(default=True)
    supersedes_id: Mapped[int | None] = mapped_column(ForeignKey("certificates.id"))
    superseded_at: Mapped[datetime | None]
    suspended_at: Mapped[datetime | None]
    suspended_reason: Mapped[str | None] = mapped_column(Text)
    review_date: Mapped[date | None]
    revoked_at: Mapped[datetime | None]
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    expiry_recorded_at: Mapped[datetime | None]
    reminders_sent: Mapped[list[int]] = mapped_column(JSON, default=list)
    pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    pdf_sha256: Mapped[str] = mapped_column(String(64))

    person: Mapped[Person] = relationship(foreign_keys=[person_id])
    scheme: Mapped[Scheme | None] = relationship()
    issued_by: Mapped[Person] = relationship(foreign_keys=[issued_by_id])
    definition: Mapped[CertificateDefinition] = relationship()
    supersedes: Mapped[Certificate | None] = relationship(remote_side=[id])

    __table_args__ = (
        Index(
            "uq_certificates_one_current",
            "person_id",
            "definition_slug",
            unique=True,
            sqlite_where=text("current"),
            postgresql_where=text("current"),
        ),
        Index("ix_certificates_valid_until", "valid_until"),
        # What the matching screening reads of a holder's certificates, from the index (on
        # PostgreSQL including the competences; lms/matching/gate/sqlfacts.py).
        Index(
            "ix_certificates_holder_state",
            "person_id",
            "current",
            "valid_from",
            "valid_until",
            "suspended_at",
            "revoked_at",
            "superseded_at",
            postgresql_include=["competences"],  # JSON has no btree order; carried, not keyed
        ),
        CheckConstraint("valid_until > valid_from", name="valid_after_from"),
    )


class RevocationProposal(db.Model):
    """Revoking is proposed by one person and approved or declined by a different admin."""

    __tablename__ = "revocation_proposals"

    id: Mapped[int] = mapped_column(primary_key=True)
    certificate_id: Mapped[int] = mapped_column(ForeignKey("certificates.id"), index=True)
    proposed_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    proposed_at: Mapped[datetime] = mapped_column(default=utcnow)
    reason: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    decided_at: Mapped[datetime | None]
    decision_note: Mapped[str | None] = mapped_column(Text)

    certificate: Mapped[Certificate] = relationship()
    proposed_by: Mapped[Person] = relationship(foreign_keys=[proposed_by_id])
    decided_by: Mapped[Person | None] = relationship(foreign_keys=[decided_by_id])

    __table_args__ = (
        CheckConstraint("status in ('pending', 'approved', 'declined')", name="status_known"),
        Index(
            "uq_revocation_proposals_one_pending",
            "certificate_id",
            unique=True,
            sqlite_where=text("status = 'pending'"),
            postgresql_where=text("status = 'pending'"),
        ),
    )
