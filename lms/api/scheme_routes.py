"""The scheme API: a scheme's own systems check certificates, register mentees and match.

Every call needs ``Authorization: Bearer <key>`` and is scoped to the key's scheme.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, jsonify, request
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from lms.accounts.models import Person
from lms.api import errors
from lms.api.auth import current_key, key_required, refuse_key_in_query
from lms.api.bodies import ApiInputError, NewMatch, NewMentee, VerifyBatch, parse
from lms.api.limits import verify_batch_limit
from lms.certificates import number as numbers
from lms.certificates.lookup import find_certificate, public_certificate
from lms.certificates.models import Certificate
from lms.certificates.status import status_on
from lms.credentials.badges import links as credential_links
from lms.extensions import csrf, db
from lms.matching.dashboard import services as board
from lms.matching.matches import services
from lms.matching.matches.ranking import candidates
from lms.matching.mentees import services as records
from lms.matching.models import Mentee
from lms.numbers import whole_number
from lms.paging import ListPage
from lms.ukdates import uk_today

# Candidates come a page at a time: this many eligible and this many blocked mentors.
PER_PAGE = 50
MAX_PAGE = 100_000

bp = Blueprint("scheme_api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)  # callers authenticate with a bearer key, never a cookie
bp.before_request(refuse_key_in_query)  # keys never travel in a web address


@bp.errorhandler(ApiInputError)
def input_error(error: ApiInputError):
    code = errors.BAD_REQUEST if error.status == 400 else errors.INVALID
    body = {"error": code, "message": error.message}
    if error.fields:
        body["fields"] = error.fields
    return jsonify(body), error.status


def certificate_for_scheme(cert, today, base_url: str) -> dict:
    """The public view, with the exact status when the certificate belongs to the key's scheme."""
    data = public_certificate(cert, today, base_url)
    data["links"] = credential_links(cert.number)
    key = current_key()
    if key is not None and cert.scheme_id == key.scheme_id:
        data["status"] = status_on(cert, today, cert.definition.renewal_window_days)
    return data


@bp.post("/certificates/verify")
@key_required
@verify_batch_limit
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


# ---------------------------------------------------------------------------
# Mentors, mentees, candidates and matches


def _actor():
    """Calls made with a key act as the person who created it, who ``key_required`` has checked
    still may act for the key's scheme (an active coordinator of it, or an active admin)."""
    return current_key().created_by


def _reasons(result) -> list[dict[str, str]]:
    return [{"code": r.code, "message": r.message} for r in result.reasons]


def _mentee_json(mentee) -> dict:
    return {
        "reference": mentee.reference,
        "area": mentee.area,
        "under_18": mentee.under_18,
        "womens_pathway": mentee.womens_pathway,
        "needs": list(mentee.needs or []),
        "release_date": mentee.release_date.isoformat() if mentee.release_date else None,
    }


def _mentee_or_404(reference: str):

    mentee = db.session.scalars(
        select(Mentee).where(
            Mentee.scheme_id == current_key().scheme_id, Mentee.reference == reference
        )
    ).first()
    if mentee is None:
        abort(404, f"Your scheme has no mentee with the reference {reference!r}.")
    return mentee


@bp.get("/mentors")
@key_required
def mentors():
    """The scheme's mentors by name, a page at a time: their certificates' exact status, whether
    they can be matched at all, and every reason if not (against a mentee who asks for nothing
    beyond the basics)."""
    scheme_id = current_key().scheme_id
    today = uk_today()
    page = _page_number()
    shown = ListPage(board.mentor_states(db.session, scheme_id, today), page, PER_PAGE)
    board.with_reasons(db.session, shown.items, scheme_id, today)
    certs: dict[int, list[Certificate]] = {}
    for cert in db.session.scalars(
        select(Certificate)
        .where(Certificate.person_id.in_([s.id for s in shown.items]), Certificate.current)
        .options(selectinload(Certificate.definition))
        .order_by(Certificate.person_id, Certificate.id)
    ):
        certs.setdefault(cert.person_id, []).append(cert)
    body = [
        {
            "id": state.id,
            "name": state.name,
            "certificates": [
                {
                    "number": c.number,
                    "certificate": c.definition_slug,
                    "status": status_on(c, today, c.definition.renewal_window_days),
                    "valid_until": c.valid_until.isoformat(),
                }
                for c in certs.get(state.id, [])
            ],
            "matchable": state.state != board.BLOCKED,
            "reasons": _reasons(state),
        }
        for state in shown.items
    ]
    return jsonify({"page": page, "per_page": PER_PAGE, "total": shown.total, "mentors": body})


@bp.post("/mentees")
@key_required
def create_mentee():
    """Register a mentee in the key's scheme."""
    body = parse(NewMentee)
    details = records.MenteeDetails(**body.model_dump())
    try:
        mentee = records.register_mentee(
            db.session, _actor(), current_key().scheme_id, details, uk_today()
        )
    except records.RecordError as exc:
        db.session.rollback()
        field = exc.field or "body"
        raise ApiInputError(
            errors.status_of(exc), exc.message, [{"field": field, "message": exc.message}]
        ) from exc
    db.session.commit()
    return jsonify(_mentee_json(mentee)), 201


@bp.get("/mentees/<reference>/candidates")
@key_required
def mentee_candidates(reference: str):
    """Eligible mentors ranked by fit, and the others with every reason, a page of each."""
    mentee = _mentee_or_404(reference)
    page = _page_number()
    found = candidates(
        db.session, mentee, uk_today(), page=page, blocked_page=page, per_page=PER_PAGE
    )
    return jsonify(
        {
            "mentee": mentee.reference,
            "page": page,
            "per_page": PER_PAGE,
            "eligible_total": found.eligible_page.total,
            "blocked_total": found.blocked_page.total,
            "blocked_by_reason": found.blocked_by_kind,
            "eligible": [
                {
                    "mentor_id": r.mentor.id,
                    "name": r.mentor.name,
                    "score": r.score,
                    "fit": list(r.reasons_for_fit),
                }
                for r in found.eligible
            ],
            "blocked": [
                {"mentor_id": b.mentor.id, "name": b.mentor.name, "reasons": _reasons(b)}
                for b in found.blocked
            ],
        }
    )


def _page_number() -> int:
    """``?page=N`` (1 when absent), or a 400 naming the parameter."""
    page = whole_number(request.args.get("page", "1"))
    if page is None or not 1 <= page <= MAX_PAGE:
        message = f"page must be a whole number from 1 to {MAX_PAGE}, in the digits 0-9."
        raise ApiInputError(400, message, [{"field": "page", "message": message}])
    return page


@bp.post("/matches")
@key_required
def create_match():
    """Propose a match through the gate: 201 with the match, or 409 with every reason."""
    body = parse(NewMatch)
    mentee = _mentee_or_404(body.mentee_reference)
    mentor = db.session.get(Person, body.mentor_id)
    if mentor is None or mentor.scheme_id != current_key().scheme_id:
        raise ApiInputError(
            422,
            "mentor_id: no mentor of your scheme has this id.",
            [{"field": "mentor_id", "message": "No mentor of your scheme has this id."}],
        )
    try:
        match = services.propose_match(db.session, _actor(), mentor, mentee, uk_today())
    except services.NotMatchable as exc:
        db.session.rollback()
        return jsonify(
            {"error": exc.code, "message": exc.message, "reasons": _reasons(exc)}
        ), errors.status_of(exc)
    except services.MatchError as exc:
        db.session.rollback()
        return jsonify({"error": exc.code, "message": exc.message}), errors.status_of(exc)
    db.session.commit()
    return jsonify(
        {
            "id": match.id,
            "mentor_id": match.mentor_id,
            "mentee_reference": mentee.reference,
            "status": match.status,
            "created_at": match.created_at.isoformat(),
        }
    ), 201
