"""Schemes (the organisations that run mentoring) and the people who use the platform."""

from __future__ import annotations

import enum
import secrets
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from lms.accounts import text
from lms.db import utcnow
from lms.extensions import db


class Role(enum.StrEnum):
    """What a person may do; a person may hold several roles."""

    TRAINEE = "trainee"
    TRAINER = "trainer"
    COORDINATOR = "coordinator"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return self.value.capitalize()


ROLE_ORDER = [Role.ADMIN, Role.COORDINATOR, Role.TRAINER, Role.TRAINEE]


def new_session_token() -> str:
    """A random token naming the person's current sign-in; changing it signs them out everywhere."""
    return secrets.token_urlsafe(24)


class Scheme(db.Model):
    """An organisation that runs a peer mentoring scheme."""

    __tablename__ = "schemes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    # Mentors must have had supervision within this many weeks to be matched.
    supervision_interval_weeks: Mapped[int] = mapped_column(default=6, server_default="6")
    # A DBS check is due again within this many months, unless the Update Service is used.
    dbs_recheck_months: Mapped[int] = mapped_column(default=36, server_default="36")
    # Trainees may log practice up to this many days back; a trainer may record older sessions.
    practice_backdate_days: Mapped[int] = mapped_column(default=60, server_default="60")
    # None: the certificate definition's own number of hours and observed sessions.
    practice_hours_required: Mapped[int | None]
    observed_sessions_required: Mapped[int | None]
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_address: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    members: Mapped[list[Person]] = relationship(back_populates="scheme")

    def __repr__(self) -> str:
        return f"<Scheme {self.slug}>"


class Person(UserMixin, db.Model):
    """Someone with an account: trainee, trainer, coordinator or admin, or several at once."""

    __tablename__ = "people"

    id: Mapped[int] = mapped_column(primary_key=True)
    # None for a trainee who signs in with a username and a printed card (lms.accounts.cards).
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    # NFKC case-folded email: two addresses with the same key are one account (lms.accounts.text).
    email_key: Mapped[str | None] = mapped_column(String(254), unique=True)
    # Short, letters, digits, dots and hyphens (lms.accounts.usernames); the key is case-folded.
    username: Mapped[str | None] = mapped_column(String(30))
    username_key: Mapped[str | None] = mapped_column(String(30))
    # The printed sign-in card's one-time code, as a hash only, and when it stops working.
    sign_in_code_hash: Mapped[str | None] = mapped_column(String(255))
    sign_in_code_expires_at: Mapped[datetime | None]
    # An address they added themself, unused until they confirm it from the link sent to it.
    pending_email: Mapped[str | None] = mapped_column(String(254))
    pending_email_at: Mapped[datetime | None]
    name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    scheme_id: Mapped[int | None] = mapped_column(ForeignKey("schemes.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    # A lead trainer may second-mark any trainer's marking in their scheme.
    lead_trainer: Mapped[bool] = mapped_column(default=False, server_default="0")
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # When they joined their current scheme: set with the account (lms.accounts.services
    # create_person) and again when they move (update_person). None in rows bulk loaders write
    # (lms/scale): read it through ``joined_scheme``, which falls back to ``created_at``.
    joined_scheme_at: Mapped[datetime | None]
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("people.id"))
    invited_at: Mapped[datetime | None]
    password_set_at: Mapped[datetime | None]
    last_signed_in_at: Mapped[datetime | None]
    deactivated_at: Mapped[datetime | None]
    # How they like pages to look (lms/reading): None until they save reading settings.
    reading_text_size: Mapped[str | None] = mapped_column(
        String(10),
        CheckConstraint(
            "reading_text_size in ('standard', 'large', 'largest')", name="reading_text_size_known"
        ),
    )
    reading_line_spacing: Mapped[str | None] = mapped_column(
        String(10),
        CheckConstraint(
            "reading_line_spacing in ('standard', 'more')", name="reading_line_spacing_known"
        ),
    )
    reading_background: Mapped[str | None] = mapped_column(
        String(10),
        CheckConstraint(
            "reading_background in ('white', 'cream', 'blue')", name="reading_background_known"
        ),
    )

    scheme: Mapped[Scheme | None] = relationship(back_populates="members")
    role_rows: Mapped[list[PersonRole]] = relationship(
        back_populates="person", cascade="all, delete-orphan", lazy="selectin"
    )

    __table_args__ = (
        CheckConstraint("email = lower(email)", name="email_lower_case"),
        CheckConstraint("email IS NOT NULL OR username IS NOT NULL", name="email_or_username"),
        Index("ix_people_username_key", "username_key", unique=True),
    )

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.email or self.username}>"

    @validates("email")
    def _keep_email_key(self, _key: str, email: str | None) -> str | None:
        """Whoever sets the email (services, factories, the demo) keeps its key in step."""
        self.email_key = text.email_key(email) if email else None
        return email or None

    @validates("username")
    def _keep_username_key(self, _key: str, username: str | None) -> str | None:
        self.username_key = text.username_key(username) if username else None
        return username or None

    @property
    def sign_in_name(self) -> str:
        """What they type to sign in: their email address, or their username if they have none."""
        return self.email or self.username or ""

    # Flask-Login: the id in the session names the sign-in, so changing the token ends it.
    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    @property
    def joined_scheme(self) -> datetime | None:
        """When they joined their current scheme (their account's creation if not recorded)."""
        return self.joined_scheme_at or self.created_at

    @property
    def is_active(self) -> bool:  # type: ignore[override]
        return self.active

    @property
    def roles(self) -> set[Role]:
        return {Role(row.role) for row in self.role_rows}

    def has_role(self, *roles: Role | str) -> bool:
        held = self.roles
        return any(Role(r) in held for r in roles)

    @property
    def primary_role(self) -> Role | None:
        held = self.roles
        return next((role for role in ROLE_ORDER if role in held), None)

    @property
    def sorted_roles(self) -> list[Role]:
        held = self.roles
        return [role for role in ROLE_ORDER if role in held]

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None


class PersonRole(db.Model):
    """One role held by one person."""

    __tablename__ = "person_roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(20))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    person: Mapped[Person] = relationship(back_populates="role_rows")

    __table_args__ = (
        UniqueConstraint("person_id", "role", name="uq_person_roles_person_role"),
        CheckConstraint(
            "role in ('trainee', 'trainer', 'coordinator', 'admin')", name="role_known"
        ),
    )
