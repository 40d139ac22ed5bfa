"""The public /verify pages: anyone can check a certificate by its number or its QR code."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for

from lms.certificates import number as numbers
from lms.certificates.competences import competence_label
from lms.certificates.lookup import find_certificate, public_certificate, verify_limit
from lms.extensions import db
from lms.ukdates import uk_today
from lms.verify.forms import VerifyForm
from lms.web.forms import form_status

bp = Blueprint("verify", __name__, url_prefix="/verify")

HEADLINES = {
    "valid": "This certificate is valid",
    "expired": "This certificate has expired",
    "not_valid": "This certificate is not valid",
}


@bp.after_request
def no_store(response: Response) -> Response:
    """A certificate's status can change at any moment, so its page (even a 404) is not cached."""
    if request.endpoint == "verify.certificate":
        response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("")
def index():
    """The form. It is sent by GET, so ``/verify?number=…`` is also a link that works."""
    sent = "number" in request.args
    form = VerifyForm(formdata=request.args if sent else None)
    if sent and form.validate():
        return redirect(url_for(".certificate", number=numbers.normalise(form.number.data)))
    return render_template("verify/index.html", form=form), form_status(form, sent=sent)


@bp.get("/<number>")
@verify_limit
def certificate(number: str):
    """Where the QR code points. Any spelling redirects to the canonical number."""
    canonical = numbers.normalise(number)
    if canonical is not None and canonical != number:
        return redirect(url_for(".certificate", number=canonical), code=301)
    cert = find_certificate(db.session, canonical) if canonical else None
    if cert is None:
        form = VerifyForm(formdata=None, data={"number": number[:64]})
        html = render_template("verify/not_found.html", form=form, number=number[:64])
        return Response(html, status=404)
    today = uk_today()
    data = public_certificate(cert, today, current_app.config["BASE_URL"])
    html = render_template(
        "verify/certificate.html",
        cert=data,
        headline=HEADLINES[data["status"]],
        competences=[competence_label(code) for code in data["competences"]],
        issued_on=date.fromisoformat(data["issued_on"]),
        valid_until=date.fromisoformat(data["valid_until"]),
        today=today,
        scheme_name=cert.scheme_name,
        scheme_contact=cert.scheme_contact,
        scheme_phone=cert.scheme_phone,
        scheme_phone_href=cert.scheme_phone_href,
        scheme_address=cert.scheme_address,
        service_contact=current_app.config.get("CONTACT_EMAIL"),
    )
    return Response(html)
