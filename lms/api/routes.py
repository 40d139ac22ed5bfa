"""JSON endpoints under /api/v1: public certificate checks and the OpenAPI document."""

from __future__ import annotations

from flask import Blueprint, Response, abort, current_app, jsonify

from lms.api import openapi
from lms.api.auth import refuse_key_in_query
from lms.api.scheme_routes import certificate_for_scheme
from lms.certificates import number as numbers
from lms.certificates.lookup import find_certificate, verify_limit
from lms.extensions import db
from lms.ukdates import uk_today

bp = Blueprint("api", __name__, url_prefix="/api/v1")
bp.before_request(refuse_key_in_query)  # keys never travel in a web address

NOT_FOUND = (
    "No certificate has this number. Check it against the certificate: it looks like "
    "PM-7K3Q-9XWD-H."
)


@bp.after_request
def no_store(response: Response) -> Response:
    """A certificate's status can change at any moment, so answers are never cached."""
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@bp.get("/certificates/<number>")
@verify_limit
def certificate(number: str):
    """Whether a certificate is valid today, for machines. Any spelling of the number works."""
    canonical = numbers.normalise(number)
    cert = find_certificate(db.session, canonical) if canonical else None
    if cert is None:
        abort(404, NOT_FOUND)
    return jsonify(certificate_for_scheme(cert, uk_today(), current_app.config["BASE_URL"]))


@bp.get("/openapi.json")
def openapi_document():
    """The OpenAPI 3.1 description of every JSON endpoint."""
    response = jsonify(openapi.document(current_app.config["BASE_URL"]))
    response.headers["Cache-Control"] = "public, max-age=300"
    return response
