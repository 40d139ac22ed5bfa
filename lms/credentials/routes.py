"""Credential routes: the DID document, the status lists, the holder's download and the VC-API."""

from __future__ import annotations

import hashlib
import json

import segno
from flask import Blueprint, Response, abort, jsonify, request
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.certificates import display, services
from lms.certificates.blueprint import STAFF, viewable
from lms.certificates.lookup import verify_limit
from lms.credentials import (
    badges,
    checking,
    conformance,
    contexts,
    data_model_v1,
    did,
    keys,
    limits,
    presentations,
    proofs,
    status_lists,
    wallet,
)
from lms.extensions import csrf, db
from lms.links import external_url
from lms.ukdates import uk_today

bp = Blueprint("credentials", __name__)
PUBLIC_CACHE = "public, max-age=300"


def _json(text: str, mimetype: str = "application/json") -> Response:
    response = Response(text, mimetype=mimetype)
    response.headers["Cache-Control"] = PUBLIC_CACHE
    response.set_etag(hashlib.sha256(text.encode()).hexdigest())
    return response.make_conditional(request)


@bp.get("/.well-known/did.json")
@bp.get("/did.json")
def did_document():
    """The issuer's DID document: every key, current and retired, as Multikey methods."""
    try:
        document = did.document()
    except keys.NoSigningKey:
        abort(404)
    return _json(json.dumps(document, sort_keys=True), "application/did+json")


@bp.get("/credentials/status/<any(revocation, suspension):purpose>")
def status_list(purpose: str):
    """A signed BitstringStatusListCredential, from its stored row."""
    try:
        text, _ = status_lists.served(db.session, purpose)
    except keys.NoSigningKey:
        abort(404)
    return _json(text)


@bp.get("/credentials/status/conformance/<any(revocation, suspension):purpose>")
def conformance_status_list(purpose: str):
    """The conformance issuer's signed list (test suites only; 404 unless enabled)."""
    if not conformance.enabled():
        abort(404)
    try:
        text, _ = status_lists.served(db.session, status_lists.CONFORMANCE + purpose)
    except keys.NoSigningKey:
        abort(404)
    return _json(text)


@bp.post("/credentials/status")
@csrf.exempt
def update_status():
    """W3C VC-API update status, for the conformance issuer's credentials only."""
    if not conformance.enabled():
        abort(404)
    try:
        conformance.update_status(db.session, _body())
    except conformance.StatusRequestError as exc:
        return jsonify({"errors": [{"message": str(exc)}]}), 400
    except conformance.UnknownCredential as exc:
        return jsonify({"errors": [{"message": str(exc)}]}), 404
    db.session.commit()
    return jsonify({}), 200


@bp.get("/certificates/<number>/credential.json")
@role_required(*STAFF, Role.TRAINEE)
def download(number: str):
    """The holder's OpenBadgeCredential, for whoever may download the certificate's PDF."""
    cert = viewable(number)
    if not display.pdf_offered(current_user, cert, services.status_of(cert, uk_today())):
        abort(403)
    row = badges.for_certificate(db.session, cert)
    if row is None:
        abort(404)
    return Response(
        row.json,
        mimetype="application/json",
        headers={
            "Content-Disposition": f'attachment; filename="credential-{cert.number}.json"',
            "Cache-Control": "private, no-store",
        },
    )


@bp.get("/credentials/wallet/<token>")
@verify_limit
def wallet_link(token: str):
    """The credential, for a wallet app that scanned the holder's QR code (see wallet.py)."""
    return wallet.answer(token)


@bp.app_template_global()
def credential_offer(cert) -> dict[str, object] | None:
    """For the certificate page: the credential's download, and a QR code of its wallet link."""
    if badges.for_certificate(db.session, cert) is None:
        return None
    link = wallet.link_for(cert.number)
    qr = segno.make(link, error="m", micro=False)
    return {
        "url": external_url("credentials.download", number=cert.number),
        "qr": qr.svg_data_uri(scale=3, border=4, omitsize=True),
        "minutes": wallet.minutes(),
    }


def _body() -> dict:
    body = request.get_json(silent=True) if limits.shallow_json(request.get_data()) else None
    if not isinstance(body, dict):
        abort(400, "Send a JSON object.")
    return body


@bp.post("/credentials/verify")
@csrf.exempt
@verify_limit
def verify():
    """W3C VC-API verify: 200 with the checks made, or 422 with what failed."""
    outcome = checking.check(db.session, _body().get("verifiableCredential"))
    response = jsonify(outcome.as_json())
    response.status_code = 422 if outcome.errors else 200
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/presentations/verify")
@csrf.exempt
@verify_limit
def verify_presentation():
    """W3C VC-API presentation verify: 200 with the checks made, or 422 with what failed."""
    body = _body()
    outcome = presentations.check(
        db.session, body.get("verifiablePresentation"), body.get("options")
    )
    response = jsonify(outcome.as_json())
    response.status_code = 422 if outcome.errors else 200
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/credentials/issue")
@csrf.exempt
def issue():
    """W3C VC-API issue, for the conformance suites only (CREDENTIALS_ISSUE_ENDPOINT)."""
    if not conformance.enabled():
        abort(404)  # it signs whatever it is sent: never open in production, whatever the setting
    body = _body()
    credential = body.get("credential")
    if not isinstance(credential, dict):
        return jsonify({"errors": [{"message": "credential must be a JSON object."}]}), 422
    try:
        limits.check_shape(credential)
        key = keys.current_key()
    except (limits.ShapeError, keys.NoSigningKey) as exc:
        return jsonify({"errors": [{"message": str(exc)}]}), 422
    found = data_model_v1.problems_of(credential)  # never signed as sent, nor mended
    if found:
        return jsonify(
            {"errors": [{"name": "MALFORMED_VALUE_ERROR", "message": p} for p in found]}
        ), 422
    issuer_id = proofs.issuer_of(credential)
    as_key = did.did_key(key)  # the suites may configure the issuer as our did:key instead
    if issuer_id not in (did.did_web(), as_key):
        return jsonify({"errors": [{"message": f"This service issues as {did.did_web()}."}]}), 422
    method = f"{as_key}#{key.multibase}" if issuer_id == as_key else None
    try:
        credential = conformance.add_status(db.session, credential, body.get("options"))
        if data_model_v1.is_v1(credential):  # the vc-di-eddsa suite still sends VC 1.1
            credential = data_model_v1.with_proof_contexts(credential)
        signed = proofs.sign(credential, key, method=method)
    except (contexts.UndefinedTerms, conformance.StatusRequestError) as exc:
        return jsonify({"errors": [{"message": str(exc)}]}), 422
    except Exception as exc:  # malformed JSON-LD: refuse it, never a 500
        return jsonify({"errors": [{"message": f"Cannot sign this credential: {exc}"}]}), 422
    db.session.commit()  # its status indexes are kept: never handed out again
    return jsonify({"verifiableCredential": signed}), 201
