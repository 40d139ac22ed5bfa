"""The public view of a certificate and its one-statement lookup, for /verify and the JSON API.

Only what anyone holding the paper may learn: the holder's name, the certificate, its competences,
its dates and the coarse public status, and (on the page) the issuing scheme's name and how to
contact it: email, phone and postal address, each when the scheme has one (the JSON has none of
the scheme's details: tests/functional/test_verify.py). Never why a certificate stopped being
valid, nor anything about the issuer or the holder's account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app
from sqlalchemy import Engine, bindparam, select
from sqlalchemy.orm import Session

from lms.accounts.models import Scheme
from lms.accounts.text import strip_hidden
from lms.certificates.models import Certificate, CertificateDefinition
from lms.certificates.status import PUBLIC, status_on
from lms.db import read_engine, read_row
from lms.extensions import limiter


def verify_rate() -> str:
    """The budget for certificate checks per client (the RATELIMIT_VERIFY setting)."""
    return current_app.config["RATELIMIT_VERIFY"]


# One budget per client for the page and the API together, so switching between them does not
# double the number of guesses someone can make.
CHECKS_SCOPE = "certificate-checks"
verify_limit = limiter.shared_limit(verify_rate, scope=CHECKS_SCOPE)


@dataclass(frozen=True)
class DefinitionView:
    title: str
    renewal_window_days: int


@dataclass(frozen=True)
class CertificateView:
    """Just what a check needs to know about a certificate, read in one statement."""

    number: str
    holder_name: str
    definition_slug: str
    competences: list[str]
    valid_from: date
    valid_until: date
    revoked_at: datetime | None
    superseded_at: datetime | None
    suspended_at: datetime | None
    scheme_id: int | None
    person_id: int
    definition: DefinitionView
    scheme_name: str = ""
    scheme_contact: str | None = None
    scheme_phone: str | None = None
    scheme_address: str | None = None

    @property
    def scheme_phone_href(self) -> str | None:
        """The phone number for a ``tel:`` link: its digits, and a leading + if it has one."""
        if not self.scheme_phone:
            return None
        digits = "".join(c for c in self.scheme_phone if c.isdigit())
        return ("+" if self.scheme_phone.lstrip().startswith("+") else "") + digits or None


_CHECK = (
    select(
        Certificate.number,
        Certificate.holder_name,
        Certificate.definition_slug,
        Certificate.competences,
        Certificate.valid_from,
        Certificate.valid_until,
        Certificate.revoked_at,
        Certificate.superseded_at,
        Certificate.suspended_at,
        Certificate.scheme_id,
        Certificate.person_id,
        CertificateDefinition.title,
        CertificateDefinition.renewal_window_days,
        Scheme.name,
        Scheme.contact_email,
        Scheme.contact_phone,
        Scheme.contact_address,
    )
    .join(CertificateDefinition, CertificateDefinition.id == Certificate.definition_id)
    .outerjoin(Scheme, Scheme.id == Certificate.scheme_id)
    .where(Certificate.number == bindparam("number"))  # unique: one row or none
)


def find_certificate(session: Session, canonical: str) -> CertificateView | None:
    """The certificate with this number, in one statement outside any transaction.

    Checks are the busiest public call, so they read only the columns they show, on an
    autocommit connection (``lms.db.read_engine``): one round trip to the database instead of
    four. On PostgreSQL the statement (compiled once) runs on the driver's own cursor, which
    returns dates, timestamps and JSON as Python values already: SQLAlchemy's connection and
    result layers cost about a tenth of the throughput (bench/RESULTS.md). SQLite's driver
    returns dates as text, so there SQLAlchemy reads the row and converts them.
    """
    engine = read_engine(session.get_bind())
    if engine.dialect.name == "postgresql":
        row = _fetch_raw(engine, canonical)
    else:
        with engine.connect() as connection:
            row = connection.execute(_CHECK, {"number": canonical}).first()
    if row is None:
        return None
    number, holder_name, *fields, title, window, scheme_name, contact, phone, address = row
    # Names are checked when entered; one stored before that must still not carry a
    # text-direction override or an invisible character on to the public page.
    return CertificateView(
        number,
        strip_hidden(holder_name),
        *fields,
        definition=DefinitionView(title, window),
        scheme_name=strip_hidden(scheme_name or ""),
        scheme_contact=contact,
        scheme_phone=_shown(phone),
        scheme_address=_shown(address, lines=True),
    )


def _shown(text: str | None, lines: bool = False) -> str | None:
    """A scheme's contact detail for the public page, without hidden characters (an address
    keeps its line breaks); None when nothing is left to show."""
    if not text:
        return None
    kept = [strip_hidden(line).strip() for line in text.splitlines()] if lines else [text]
    shown = "\n".join(line for line in kept if line) if lines else strip_hidden(text).strip()
    return shown or None


def _fetch_raw(engine: Engine, canonical: str) -> tuple | None:
    sql = _COMPILED.get(engine.dialect.driver)
    if sql is None:
        sql = _COMPILED[engine.dialect.driver] = str(_CHECK.compile(dialect=engine.dialect))
    return read_row(engine, sql, {"number": canonical})  # retries once after a dropped connection


_COMPILED: dict[str, str] = {}


def public_status(cert: CertificateView, today: date) -> str:
    """``valid``, ``expired`` or ``not_valid``: suspended, revoked and replaced look the same."""
    return PUBLIC[status_on(cert, today, cert.definition.renewal_window_days)]


def verify_url(base_url: str, canonical: str) -> str:
    """The absolute address of the verification page (where the QR code points)."""
    return f"{base_url.rstrip('/')}/verify/{canonical}"


def public_certificate(cert: CertificateView, today: date, base_url: str) -> dict[str, Any]:
    """The certificate as the public sees it; the JSON API returns exactly this."""
    return {
        "number": cert.number,
        "holder_name": cert.holder_name,
        "certificate": {"slug": cert.definition_slug, "title": cert.definition.title},
        "competences": list(cert.competences),
        "issued_on": cert.valid_from.isoformat(),
        "valid_until": cert.valid_until.isoformat(),
        "status": public_status(cert, today),
        "verify_url": verify_url(base_url, cert.number),
    }
