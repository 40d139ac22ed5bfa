"""The public /verify pages: anyone can check a certificate by its number, its QR code or its
signed PDF file (/verify/file)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for
from werkzeug.exceptions import RequestEntityTooLarge

from lms.certificates import number as numbers
from lms.certificates import pdf_check
from lms.certificates.competences import competence_label
from lms.certificates.lookup import find_certificate, public_certificate, verify_limit
from lms.extensions import db
from lms.ukdates import uk_today
from lms.verify.forms import FILE_HINT, FileCheckForm, VerifyForm
from lms.web.forms import form_status

bp = Blueprint("verify", __name__, url_prefix="/verify")

HEADLINES = {
    "valid": "This certificate is valid",
    "expired": "This certificate has expired",
    "not_valid": "This certificate is not valid",
}


@bp.after_request
def no_store(response: Response) -> Response:
    """A certificate's status can change at any moment, so its page (even a 404) and a file
    check's answer are not cached."""
    if request.endpoint in {"verify.certificate", "verify.check_file"}:
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
    html = render_template("verify/certificate.html", **_public_view(cert))
    return Response(html)


def _public_view(cert) -> dict:
    """What a certificate's page shows: its public status and details, and whom to ask."""
    today = uk_today()
    data = public_certificate(cert, today, current_app.config["BASE_URL"])
    return {
        "cert": data,
        "headline": HEADLINES[data["status"]],
        "competences": [competence_label(code) for code in data["competences"]],
        "issued_on": date.fromisoformat(data["issued_on"]),
        "valid_until": date.fromisoformat(data["valid_until"]),
        "today": today,
        "scheme_name": cert.scheme_name,
        "scheme_contact": cert.scheme_contact,
        "scheme_phone": cert.scheme_phone,
        "scheme_phone_href": cert.scheme_phone_href,
        "scheme_address": cert.scheme_address,
        "service_contact": current_app.config.get("CONTACT_EMAIL"),
    }


def _file_form_page(form: FileCheckForm, status: int | None = None):
    size = _size(current_app.config.get("MAX_CONTENT_LENGTH") or 0)
    html = render_template("verify/file.html", form=form, hint=FILE_HINT.format(size=size))
    return Response(html, status=status or form_status(form))


def _size(limit: int) -> str:
    return f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"


@bp.get("/file")
def file_form():
    """Check a certificate's PDF file rather than its number."""
    return _file_form_page(FileCheckForm())


@bp.post("/file")
@verify_limit
def check_file():
    """Says whether the uploaded file is genuine, unchanged and still valid, and what it says."""
    form = FileCheckForm()
    if not form.validate_on_submit():
        return _file_form_page(form)
    try:
        found = pdf_check.check_file(form.file.data.read(), db.session, current_app.config)
    except pdf_check.FileRefused as refused:
        form.file.errors = [str(refused)]
        return _file_form_page(form, status=400)
    cert = find_certificate(db.session, found.number) if found.number else None
    view = _public_view(cert) if cert is not None else {}
    html = render_template("verify/file_result.html", found=found, record=cert, **view)
    return Response(html)


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error):
    """A file over MAX_CONTENT_LENGTH: the form again with a message, not a bare 413 page."""
    if request.endpoint != "verify.check_file":
        return error
    form = FileCheckForm(formdata=None)
    size = _size(current_app.config.get("MAX_CONTENT_LENGTH") or 0)
    form.file.errors = [f"The selected file must be smaller than {size}"]
    return _file_form_page(form, status=413)
