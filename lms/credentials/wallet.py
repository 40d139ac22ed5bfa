"""The wallet link: a short-lived, signed address of a holder's credential, for the QR code on
their certificate page.

A wallet app that scans the code has no sign-in of ours, so the code cannot point at the
holder's download (which needs one). It points here instead: the address carries the
certificate's number, signed with SECRET_KEY, and works for CREDENTIAL_LINK_MINUTES (default
15) after the page was shown. Anyone holding the address in that time gets the credential, as
anyone the holder shows the PDF to can check it; after that the address answers 410 and the
holder reloads their page for a new code. Once the certificate is suspended or revoked the
address answers 410 too, as the holder's page stops offering the badge.
"""

from __future__ import annotations

from flask import current_app, jsonify
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from lms.certificates import display, services
from lms.certificates.models import Certificate
from lms.credentials import badges
from lms.extensions import db
from lms.links import external_url
from lms.ukdates import uk_today

SALT = "lms-credential-wallet"
EXPIRED = "This link has expired. Open your certificate page again for a new QR code."
BROKEN = "This link is not one we made. Scan the QR code on your certificate page again."
WITHHELD = "This certificate is suspended or revoked, so its badge is not offered."


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def minutes() -> int:
    return int(current_app.config["CREDENTIAL_LINK_MINUTES"])


def token_for(number: str) -> str:
    return _serializer().dumps(number)


def link_for(number: str) -> str:
    """The public address, built from BASE_URL, that the QR code holds."""
    return external_url("credentials.wallet_link", token=token_for(number))


def read(token: str) -> str:
    """The certificate number a link names; ``SignatureExpired`` or ``BadSignature`` if none."""
    number = _serializer().loads(token, max_age=minutes() * 60)
    if not isinstance(number, str):
        raise BadSignature("not a certificate number")
    return number


def answer(token: str):
    """The wallet route's response: the credential, or a JSON error saying what to do."""
    try:
        number = read(token)
    except SignatureExpired:
        return _error(EXPIRED, 410)
    except BadSignature:
        return _error(BROKEN, 404)
    cert = db.session.scalar(select(Certificate).where(Certificate.number == number))
    row = badges.for_certificate(db.session, cert) if cert is not None else None
    if row is None:
        return _error(BROKEN, 404)
    if services.status_of(cert, uk_today()) in display.PDF_WITHHELD:
        return _error(WITHHELD, 410)  # as the holder's own page no longer offers it
    response = current_app.response_class(row.json, mimetype="application/json")
    response.headers["Cache-Control"] = "no-store"
    return response


def _error(message: str, status: int):
    response = jsonify({"errors": [{"message": message}]})
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
