"""Issuing and renewing a certificate, each with a confirmation step: the GET page says what
will happen (number, dates, competences, who is told; for a renewal, what it needs, with
progress, from the same ``renewal.check`` its POST makes), and only its POST acts."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.certificates import renewal, services
from lms.certificates.blueprint import bp, routes_of, settings, trainee_for_staff, viewable
from lms.certificates.competences import competence_label
from lms.certificates.definitions import find_definition
from lms.certificates.status import EXPIRED
from lms.extensions import db
from lms.ukdates import uk_today
from lms.web.forms import ActionForm, flash_error


def _not_eligible(person, reasons) -> None:
    missing = "; ".join(r.progress for r in reasons)
    flash(f"{person.name} is not eligible yet. {missing}", "important")


def _attempt(person, action):
    """Run ``action`` (issuing or renewing) for a submitted form: commit and return the new
    certificate, or roll back and flash why not (what is missing, or the refusal)."""
    if not ActionForm().validate_on_submit():
        return None
    try:
        cert = action()
    except services.NotEligible as exc:
        db.session.rollback()
        _not_eligible(person, exc.reasons)
    except services.CertificateError as exc:
        flash_error(exc)
    else:
        db.session.commit()
        return cert
    return None


@bp.route("/people/<int:person_id>/issue/<slug>", methods=["GET", "POST"])
@role_required(Role.TRAINER, Role.ADMIN)
def issue(person_id: int, slug: str):
    person = trainee_for_staff(person_id)
    definition = find_definition(db.session, slug)
    if definition is None:
        abort(404)
    back = url_for(".person", person_id=person.id)
    if request.method == "GET":
        if not services.may_issue(current_user, person):
            flash("You cannot issue certificates to this person.", "important")
            return redirect(back)
        held = services.current_for(db.session, person, definition.slug)
        try:
            services.refuse_while_revocation_waits(db.session, person, definition.slug)
        except services.CertificateError as exc:
            flash_error(exc)
            return redirect(back)
        if (
            held is not None and services.status_of(held, uk_today()) != EXPIRED
        ):  # a renewal has its own page, which says what renewal needs
            return redirect(url_for(".renew", number=held.number))
        result = next((r for r in routes_of(person) if r.definition.id == definition.id), None)
        if result is None or not result.eligible:
            _not_eligible(person, result.unmet if result else [])
            return redirect(back)
        today = uk_today()
        return render_template(
            "certificates/confirm_issue.html",
            person=person,
            definition=definition,
            valid_from=today,
            valid_until=services.add_months(today, definition.validity_months),
            competences=[competence_label(c) for c in definition.competences],
            form=ActionForm(),
        )
    cert = _attempt(
        person,
        lambda: services.issue(
            db.session, current_user, person, definition, settings(), today=uk_today()
        ),
    )
    if cert is not None:
        flash(f"Certificate {cert.number} issued to {person.name}.", "success")
        return redirect(url_for(".certificate", number=cert.number))
    return redirect(back)


@bp.route("/<number>/renew", methods=["GET", "POST"])
@role_required(Role.TRAINER, Role.ADMIN)
def renew(number: str):
    """GET: what renewal needs, with progress, and the button when it is met. POST: renew."""
    cert = viewable(number)
    back = url_for(".certificate", number=cert.number)
    today = uk_today()
    if request.method == "GET":
        found = renewal.check(db.session, cert, today)
        if found.refused:
            flash(found.refused, "important")
            return redirect(back)
        return render_template(
            "certificates/confirm_renew.html",
            cert=cert,
            needs=found.needs,
            can_renew=services.may_issue(current_user, cert.person),
            valid_until=renewal.renewed_until(db.session, cert),
            form=ActionForm(),
        )
    new = _attempt(
        cert.person,
        lambda: renewal.renew(db.session, current_user, cert, settings(), today=today),
    )
    if new is not None:
        flash(f"Certificate renewed: {new.number} replaces {cert.number}.", "success")
        return redirect(url_for(".certificate", number=new.number))
    # Back to what renewal needs while it can still be renewed, else to the certificate.
    if renewal.check(db.session, cert, today).refused:
        return redirect(back)
    return redirect(url_for(".renew", number=cert.number))
