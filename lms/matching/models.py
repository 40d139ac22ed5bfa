"""Mentor profiles, mentees, declared conflicts, supervision sessions and matches."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from lms.accounts.models import Person, Scheme
from lms.db import utcnow
from lms.extensions import db

# Who asked for a match to end (the mentor, the mentee or the scheme), as the end form offers it.
END_REQUESTERS = {"mentor": "The mentor", "mentee": "The mentee", "scheme": "The scheme"}
NEEDS = {
    "housing": "Housing",
    "employment": "Work and training",
    "substance_use": "Drugs and alcohol",
    "mental_health": "Mental health",
    "debt": "Money and debt",
    "literacy": "Reading and writing",
    "family": "Family",
}
GENDERS = {
    "woman": "Woman",
    "man": "Man",
    "non_binary": "Non-binary",
    "not_said": "Prefer not to say",
}
GENDER_PREFERENCES = {"none": "No preference", "woman": "A woman", "man": "A man"}
CONFLICT_KINDS = {
    "co_defendant": "Co-defendant",
    "associate": "Known associate",
    "victim": "Victim",
    "family": "Family",
}
PROPOSED, ACTIVE, PAUSED, ENDED = "proposed", "active", "paused", "ended"
# Column lengths the forms, services and API check against (lms/matching/mentees/fields.py).
REFERENCE_LENGTH = 40  # a mentee's reference
AREA_LENGTH = 100  # a mentee's or a mentor's area


class MentorProfile(db.Model):
    """What a coordinator needs to know to match a certificate holder with a mentee."""

    __tablename__ = "mentor_profiles"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id"), unique=True)
    available: Mapped[bool] = mapped_column(default=True)
    capacity: Mapped[int] = mapped_column(default=2)
    area: Mapped[str] = mapped_column(String(AREA_LENGTH), default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    gender: Mapped[str] = mapped_column(String(20), default="not_said")
    needs_experience: Mapped[list[str]] = mapped_column(JSON, default=list)
    interests: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship()

    __table_args__ = (CheckConstraint("capacity >= 0 and capacity <= 20", name="capacity_range"),)


class Mentee(db.Model):
    """Someone the scheme supports, known by a pseudonymous reference."""

    __tablename__ = "mentees"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"), index=True)
    reference: Mapped[str] = mapped_column(String(REFERENCE_LENGTH))
    area: Mapped[str] = mapped_column(String(AREA_LENGTH), default="")
    gender: Mapped[str] = mapped_column(String(20), default="not_said")
    gender_preference: Mapped[str] = mapped_column(String(20), default="none")
    under_18: Mapped[bool] = mapped_column(default=False)
    # On the women's pathway: only a mentor whose certificates grant mentor-women may be matched.
    womens_pathway: Mapped[bool] = mapped_column(default=False, server_default="0")
    needs: Mapped[list[str]] = mapped_column(JSON, default=list)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    in_custody: Mapped[bool] = mapped_column(default=False)
    release_date: Mapped[date | None]
    mappa_level: Mapped[int | None]
    high_risk: Mapped[bool] = mapped_column(default=False)
    probation_agreed: Mapped[bool] = mapped_column(default=False)
    restricted_notes: Mapped[str] = mapped_column(Text, default="")
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    anonymised_at: Mapped[datetime | None]

    scheme: Mapped[Scheme] = relationship()

    __table_args__ = (
        UniqueConstraint("scheme_id", "reference", name="uq_mentees_scheme_reference"),
        CheckConstraint("mappa_level is null or mappa_level in (1, 2, 3)", name="mappa_level"),
        Index("ix_mentees_release_date", "release_date"),
    )

    @property
    def needs_probation_agreement(self) -> bool:
        return self.high_risk or self.mappa_level is not None


class DeclaredConflict(db.Model):
    """A reason a mentor and a mentee must never be matched."""

    __tablename__ = "declared_conflicts"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("mentees.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        UniqueConstraint("mentor_id", "mentee_id", "kind", name="uq_declared_conflicts_pair_kind"),
        CheckConstraint(
            "kind in ('co_defendant', 'associate', 'victim', 'family')", name="kind_known"
        ),
    )


class SupervisionSession(db.Model):
    """Supervision of an accredited mentor: their support and wellbeing, not only compliance."""

    __tablename__ = "supervision_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    supervisor_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    held_on: Mapped[date]
    wellbeing: Mapped[str] = mapped_column(Text)
    support_agreed: Mapped[str] = mapped_column(Text, default="")
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    mentor: Mapped[Person] = relationship(foreign_keys=[mentor_id])
    supervisor: Mapped[Person] = relationship(foreign_keys=[supervisor_id])

    # Each mentor's last session, read from the index alone.
    __table_args__ = (Index("ix_supervision_sessions_mentor_held", "mentor_id", "held_on"),)


class Match(db.Model):
    """A mentor matched with a mentee: proposed, active, paused or ended (with a reason)."""

    __tablename__ = "matches"

    id: Mapped[int] = mapped_column(primary_key=True)
    scheme_id: Mapped[int] = mapped_column(ForeignKey("schemes.id"), index=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id"), index=True)
    mentee_id: Mapped[int] = mapped_column(ForeignKey("mentees.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=PROPOSED)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    activated_at: Mapped[datetime | None]
    paused_at: Mapped[datetime | None]
    paused_reason: Mapped[str | None] = mapped_column(Text)
    ended_at: Mapped[datetime | None]
    ended_reason: Mapped[str | None] = mapped_column(Text)
    end_requested_by: Mapped[str | None] = mapped_column(String(20))
    # The mentor asked to end it (the coordinator decides): when, and why.
    end_asked_at: Mapped[datetime | None]
    end_asked_reason: Mapped[str | None] = mapped_column(Text)

    mentor: Mapped[Person] = relationship(foreign_keys=[mentor_id])
    mentee: Mapped[Mentee] = relationship()

    __table_args__ = (
        CheckConstraint("status in ('proposed', 'active', 'paused', 'ended')", name="status_known"),
        Index(
            "uq_matches_one_open_per_pair",
            "mentor_id",
            "mentee_id",
            unique=True,
            sqlite_where=text("status != 'ended'"),
            postgresql_where=text("status != 'ended'"),
        ),
        Index("ix_matches_mentor_status", "mentor_id", "status"),
    )


# How a mentor met or spoke to a mentee, as the contact log offers it.
CONTACT_KINDS = {"in_person": "In person", "phone": "Phone", "gate": "At the gate"}
CONTACT_NOTE_LENGTH = 500


class ContactLog(db.Model):
    """One contact a mentor had with their mentee: a short factual record, maybe a concern."""

    __tablename__ = "contact_logs"

    id: Mapped[int] = mapped_column(primary_key=True)
    match_id: Mapped[int] = mapped_column(ForeignKey("matches.id"))
    mentor_id: Mapped[int] = mapped_column(ForeignKey("people.id"))
    held_on: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20))
    minutes: Mapped[int]
    note: Mapped[str] = mapped_column(String(CONTACT_NOTE_LENGTH), default="")
    concern: Mapped[bool] = mapped_column(default=False)
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A flagged concern was looked at by the safeguarding lead or a coordinator: when, by whom.
    concern_reviewed_at: Mapped[datetime | None]
    concern_reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))

    match: Mapped[Match] = relationship()
    reviewed_by: Mapped[Person | None] = relationship(foreign_keys=[concern_reviewed_by_id])

    __table_args__ = (
        CheckConstraint("kind in ('in_person', 'phone', 'gate')", name="kind_known"),
        CheckConstraint("minutes > 0 and minutes <= 1440", name="minutes_range"),
        # Each match's latest contact, read from the index alone.
        Index("ix_contact_logs_match_held", "match_id", "held_on"),
    )
