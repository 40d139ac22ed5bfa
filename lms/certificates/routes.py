"""Certificate pages: a trainee's route to a certificate, issuing, managing and downloading."""

from __future__ import annotations

import hmac
import logging

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

import lms.certificates.issue_routes  # noqa: F401 - adds issuing and renewing to the blueprint
from lms.accounts.models import Role
from lms.authz import role_required
from lms.certificates import display, queries, refresh, renewal, scheme_list, services
from lms.certificates.blueprint import STAFF, bp, routes_of, trainee_for_staff, viewable
from lms.certificates.competences import competence_label
from lms.certificates.eligible_sql import eligible_trainees
from lms.certificates.forms import DecisionForm, ReasonForm, SuspendForm
from lms.certificates.models import RevocationProposal
from lms.certificates.pdf import sha256_hex
from lms.certificates.status import EXPIRING, LABELS
from lms.exports import csv_response
from lms.extensions import db
from lms.ukdates import uk_today
from lms.web.forms import ActionForm, show_error
from lms.web.loading import get_or_404
from lms.web.paging import paginate

__all__ = ["bp"]
log = logging.getLogger(__name__)


@bp.get("/")
@role_required(Role.TRAINEE)
def mine():
    return render_template(
        "certificates/mine.html",
        routes=routes_of(current_user),
        certificates=(certificates := queries.for_person(db.session, current_user)),
        held=display.held(certificates, uk_today()),
        today=uk_today(),
        labels=LABELS,
        status_of=services.status_of,
    )


@bp.get("/scheme")
@role_required(*STAFF)
def scheme():
    """The scheme's certificates, searched, filtered and sorted, a page at a time."""
    filters, choices = _scheme_filters()
    return render_template(
        "certificates/scheme.html",
        pagination=paginate(filters.statement(current_user, uk_today())),
        filters=filters,
        args=filters.args(),
        clear_args=filters.args(expiring="", review=""),
        certificates=choices,
        schemes=scheme_list.scheme_choices(db.session) if _admin() else [],
        statuses=scheme_list.STATUSES,
        sorts=[(key, label) for key, (label, _) in scheme_list.SORTS.items()],
        today=uk_today(),
        labels=LABELS,
        status_of=services.status_of,
    )


@bp.get("/scheme.csv")
@role_required(*STAFF)
def scheme_csv():
    """The same certificates as the list, every page of them, as a spreadsheet."""
    filters, _ = _scheme_filters()
    rows = scheme_list.csv_rows(db.session, filters, current_user, uk_today())
    return csv_response(rows, "certificates.csv")


def _admin() -> bool:
    return current_user.has_role(Role.ADMIN)


def _scheme_filters():
    choices = scheme_list.certificate_choices(db.session)
    slugs = {slug for slug, _ in choices}
    filters = scheme_list.CertificateFilters.from_args(request.args, slugs, admin=_admin())
    return filters, choices


@bp.get("/eligible")
@role_required(Role.TRAINER, Role.ADMIN)
def eligible():
    """Trainees eligible for a certificate they do not hold: the trainer's home count."""
    pagination = paginate(eligible_trainees(db.session, current_user, uk_today()))
    return render_template("certificates/eligible.html", pagination=pagination)


@bp.get("/people/<int:person_id>")
@role_required(*STAFF)
def person(person_id: int):
    person = trainee_for_staff(person_id)
    return render_template(
        "certificates/person.html",
        person=person,
        routes=routes_of(person),
        certificates=(certificates := queries.for_person(db.session, person)),
        held=display.held(certificates, uk_today()),
        can_issue=services.may_issue(current_user, person),
        form=ActionForm(),
        today=uk_today(),
        labels=LABELS,
        status_of=services.status_of,
    )


@bp.get("/<number>")
@role_required(*STAFF, Role.TRAINEE)
def certificate(number: str):
    return _certificate_page(viewable(number))


def _certificate_page(cert, code: int = 200, **forms):
    """The certificate's page; a refused action shows it again (400) with its form's errors."""
    status = services.status_of(cert, uk_today())
    page = render_template(
        "certificates/certificate.html",
        cert=cert,
        status=status,
        labels=LABELS,
        competences=[competence_label(c) for c in cert.competences],
        refresher=services.refresher_due(db.session, cert),
        new_requirements=refresh.new_requirements(db.session, cert),
        can_manage=services.may_manage(current_user, cert),
        pending=display.pending_revocation(db.session, cert),
        pdf_offered=display.pdf_offered(current_user, cert, status),
        renewal=renewal.check(db.session, cert, uk_today()) if status == EXPIRING else None,
        can_renew=services.may_issue(current_user, cert.person),
        suspend_form=forms.get("suspend_form") or SuspendForm(formdata=None),
        reason_form=forms.get("reason_form") or ReasonForm(formdata=None),
        acting=forms.get("acting"),
    )
    return page, code


@bp.get("/<number>/certificate.pdf")
@role_required(*STAFF, Role.TRAINEE)
def download(number: str):
    cert = viewable(number)
    if not display.pdf_offered(current_user, cert, services.status_of(cert, uk_today())):
        abort(403)
    if not hmac.compare_digest(sha256_hex(cert.pdf), cert.pdf_sha256):
        log.error("Stored PDF of certificate %s does not match its SHA-256", cert.number)
        abort(500)
    return Response(
        cert.pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="certificate-{cert.number}.pdf"',
            "ETag": f'"{cert.pdf_sha256}"',
            "Cache-Control": "private, no-store",
        },
    )


def _manage(number: str):
    cert = viewable(number)
    if not services.may_manage(current_user, cert):
        abort(403)
    return cert


@bp.post("/<number>/suspend")
@role_required(Role.COORDINATOR, Role.ADMIN)
def suspend(number: str):
    cert = _manage(number)
    form = SuspendForm()
    if form.validate_on_submit():
        try:
            services.suspend(
                db.session,
                current_user,
                cert,
                form.reason.data,
                form.review_date.data,
                today=uk_today(),
            )
        except services.CertificateError as exc:
            show_error(form, exc, "reason")
        else:
            db.session.commit()
            flash(f"Certificate {cert.number} is suspended.", "success")
            return redirect(url_for(".certificate", number=cert.number))
    return _certificate_page(cert, 400, suspend_form=form, acting="suspend")


@bp.post("/<number>/reinstate")
@bp.post("/<number>/propose-revocation", endpoint="propose_revocation")
@role_required(Role.COORDINATOR, Role.ADMIN)
def reinstate(number: str):
    cert = _manage(number)
    form = ReasonForm()
    proposing = request.endpoint == "certificates.propose_revocation"
    if form.validate_on_submit():
        try:
            if proposing:
                services.propose_revocation(db.session, current_user, cert, form.reason.data)
            else:
                services.reinstate(db.session, current_user, cert, form.reason.data)
        except services.CertificateError as exc:
            show_error(form, exc, "reason")
        else:
            db.session.commit()
            done = (
                "Revocation proposed: a different admin must approve it."
                if proposing
                else (
                    f"Certificate {cert.number} is reinstated. Paused matches stay paused until a "
                    "coordinator resumes them."
                )
            )
            flash(done, "success")
            return redirect(url_for(".certificate", number=cert.number))
    acting = "propose" if proposing else "reinstate"
    return _certificate_page(cert, 400, reason_form=form, acting=acting)


@bp.get("/revocations")
@role_required(Role.ADMIN)
def revocations():
    return _revocations_page()


def _revocations_page(code: int = 200, form: DecisionForm | None = None, failed: int | None = None):
    """The revocations waiting; a refused decision shows it again (400) with its form's errors
    on the proposal ``failed`` and what was typed kept."""
    page = render_template(
        "certificates/revocations.html",
        proposals=queries.pending_revocations(db.session),
        form=form or DecisionForm(formdata=None),
        failed=failed,
    )
    return page, code


@bp.post("/revocations/<int:proposal_id>")
@role_required(Role.ADMIN)
def decide(proposal_id: int):
    proposal = get_or_404(RevocationProposal, proposal_id)
    form = DecisionForm()
    if form.validate_on_submit():
        try:
            services.decide_revocation(
                db.session,
                current_user,
                proposal,
                approve=form.decision.data == "approve",
                note=form.note.data,
            )
        except services.CertificateError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash("Decision recorded.", "success")
            return redirect(url_for(".revocations"))
    return _revocations_page(400, form, proposal.id)
