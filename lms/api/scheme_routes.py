"""The scheme API: a scheme's own systems check certificates, register mentees and match.

Every call needs ``Authorization: Bearer <key>`` and is scoped to the key's scheme.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from lms.api.auth import current_key, key_required
from lms.api.bodies import ApiInputError, VerifyBatch, parse
from lms.api.serialise import find_certificate, public_certificate
from lms.certificates import number as numbers
from lms.certificates.status import status_on
from lms.extensions import csrf, db
from lms.templating import uk_today

bp = Blueprint("scheme_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # callers authenticate with a bearer key, never a cookie


@bp.errorhandler(ApiInputError)
def input_error(error: ApiInputError):
    body = {"error": "bad_request" if error.status == 400 else "invalid", "message": error.message}
    if error.fields:
        body["fields"] = error.fields
    return jsonify(body), error.status


def certificate_for_scheme(cert, today, base_url: str) -> dict:
    """The public view, with the exact status when the certificate belongs to the key's scheme."""
    data = public_certificate(cert, today, base_url)
    key = current_key()
    if key is not None and cert.scheme_id == key.scheme_id:
        data["status"] = status_on(cert, today, cert.definition.renewal_window_days)
    return data


@bp.post("/certificates/verify")
@key_required
def verify_many():
    """Check up to 100 certificate numbers at once; each gets a result, found or not."""
    body = parse(VerifyBatch)
    today, base_url = uk_today(), current_app.config["BASE_URL"]
    results = []
    for raw in body.numbers:
        canonical = numbers.normalise(raw)
        cert = find_certificate(db.session, canonical) if canonical else None
        if cert is None:
            results.append({"number": raw, "found": False})
        else:
            results.append({"found": True, **certificate_for_scheme(cert, today, base_url)})
    return jsonify({"results": results})
