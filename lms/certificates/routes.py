"""Certificate pages: a trainee's route to a certificate, issuing, managing and downloading."""

from __future__ import annotations

import hmac
import logging

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user

from lms.accounts.models import Person, Role
from lms.authz import role_required
from lms.certificates import queries, refresh, services
from lms.certificates.competences import competence_label
from lms.certificates.definitions import current_definitions, find_definition
from lms.certificates.eligibility import evaluate
from lms.certificates.forms import DecisionForm, ReasonForm, SuspendForm
from lms.certificates.models import RevocationProposal
from lms.certificates.pdf import sha256_hex
from lms.certificates.status import LABELS
from lms.extensions import db
from lms.ukdates import uk_today
from lms.web.forms import ActionForm, flash_error
from lms.web.loading import get_in_scheme_or_404, get_or_404
from lms.web.paging import paginate

bp = Blueprint("certificates", __name__, url_prefix="/certificates")
log = logging.getLogger(__name__)
STAFF = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


def _settings() -> services.IssueSettings:
    return services.IssueSettings(base_url=current_app.config["BASE_URL"])


def _viewable(number: str):
    cert = queries.by_number(db.session, number)
    if cert is None or not services.may_view(current_user, cert):
        abort(404)
    return cert


def _same_scheme(actor: Person, scheme_id: int | None) -> bool:
    # As before the kit: unlike ``in_scheme``, staff without a scheme match people without one.
    return actor.has_role(Role.ADMIN) or scheme_id == actor.scheme_id


def _trainee_for_staff(person_id: int) -> Person:
    return get_in_scheme_or_404(Person, person_id, may=_same_scheme)


def _route(person: Person):
    today = uk_today()
    return [evaluate(db.session, person, d, today) for d in current_definitions(db.session)]


@bp.get("/")
@role_required(Role.TRAINEE)
def mine():
    return render_template(
        "certificates/mine.html",
        routes=_route(current_user),
        certificates=queries.for_person(db.session, current_user),
        today=uk_today(),
        labels=LABELS,
        status_of=services.status_of,
    )


@bp.get("/scheme")
@role_required(*STAFF)
def scheme():
    pagination = paginate(queries.for_scheme(current_user))
    return render_template(
        "certificates/scheme.html",
        pagination=pagination,
        today=uk_today(),
        labels=LABELS,
        status_of=services.status_of,
    )


@bp.get("/people/<int:person_id>")
@role_required(*STAFF)
def person(person_id: int):
    person = _trainee_for_staff(person_id)
    return render_template(
        "certificates/person.html",
        person=person,
        routes=_route(person),
        certificates=queries.for_person(db.session, person),
        can_issue=services.may_issue(current_user, person),
        form=ActionForm(),
        today=uk_today(),
        labels=LABELS,
        status_of=services.status_of,
    )


@bp.post("/people/<int:person_id>/issue/<slug>")
@role_required(Role.TRAINER, Role.ADMIN)
def issue(person_id: int, slug: str):
    person = _trainee_for_staff(person_id)
    definition = find_definition(db.session, slug)
    if definition is None:
        abort(404)
    if ActionForm().validate_on_submit():
        try:
            cert = services.issue(
                db.session, current_user, person, definition, _settings(), today=uk_today()
            )
        except services.NotEligible as exc:
            db.session.rollback()
            missing = "; ".join(r.progress for r in exc.reasons)
            flash(f"{person.name} is not eligible yet. {missing}", "important")
        except services.CertificateError as exc:
            flash_error(exc)
        else:
            db.session.commit()
            flash(f"Certificate {cert.number} issued to {person.name}.", "success")
            return redirect(url_for(".certificate", number=cert.number))
    return redirect(url_for(".person", person_id=person.id))


@bp.get("/<number>")
@role_required(*STAFF, Role.TRAINEE)
def certificate(number: str):
    cert = _viewable(number)
    return render_template(
        "certificates/certificate.html",
        cert=cert,
        status=services.status_of(cert, uk_today()),
        labels=LABELS,
        competences=[competence_label(c) for c in cert.competences],
        refresher=services.refresher_due(db.session, cert),
        new_requirements=refresh.new_requirements(db.session, cert),
        can_manage=services.may_manage(current_user, cert),
        suspend_form=SuspendForm(),
        reason_form=ReasonForm(),
    )


@bp.get("/<number>/certificate.pdf")
@role_required(*STAFF, Role.TRAINEE)
def download(number: str):
    cert = _viewable(number)
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
    cert = _viewable(number)
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
            flash_error(exc)
        else:
            db.session.commit()
            flash(f"Certificate {cert.number} is suspended.", "success")
    else:
        flash("Give a reason and a review date to suspend.", "important")
    return redirect(url_for(".certificate", number=cert.number))


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
            flash_error(exc)
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
    else:
        flash("Give a reason.", "important")
    return redirect(url_for(".certificate", number=cert.number))


@bp.get("/revocations")
@role_required(Role.ADMIN)
def revocations():
    return render_template(
        "certificates/revocations.html",
        proposals=queries.pending_revocations(db.session),
        form=DecisionForm(),
    )


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
            flash_error(exc)
        else:
            db.session.commit()
            flash("Decision recorded.", "success")
    else:
        flash("Choose a decision and say why.", "important")
    return redirect(url_for(".revocations"))
