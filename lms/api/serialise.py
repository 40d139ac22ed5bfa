"""The public view of a certificate, shared by the /verify pages and the JSON API.

Only what anyone holding the paper may learn: the holder's name, the certificate, its competences,
its dates and the coarse public status. Never why a certificate stopped being valid, nor anything
about the scheme, the issuer or the holder's account.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from lms.certificates.models import Certificate
from lms.certificates.status import PUBLIC, status_on
from lms.extensions import limiter


def _verify_limit() -> str:
    return current_app.config["RATELIMIT_VERIFY"]


# One budget per client for the page and the API together, so switching between them does not
# double the number of guesses someone can make.
verify_limit = limiter.shared_limit(_verify_limit, scope="certificate-checks")


def find_certificate(session: Session, canonical: str) -> Certificate | None:
    """The certificate with this canonical number and its definition, in one query."""
    stmt = (
        select(Certificate)
        .options(joinedload(Certificate.definition))
        .where(Certificate.number == canonical)
    )
    return session.scalars(stmt).first()


def public_status(cert: Certificate, today: date) -> str:
    """``valid``, ``expired`` or ``not_valid``: suspended, revoked and replaced look the same."""
    return PUBLIC[status_on(cert, today, cert.definition.renewal_window_days)]


def verify_url(base_url: str, canonical: str) -> str:
    """The absolute address of the verification page (where the QR code points)."""
    return f"{base_url.rstrip('/')}/verify/{canonical}"


def public_certificate(cert: Certificate, today: date, base_url: str) -> dict[str, Any]:
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
