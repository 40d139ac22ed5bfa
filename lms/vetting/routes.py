"""Coordinator pages for DBS checks: who has one, and recording a new one."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Person, Role
from lms.authz import role_required
from lms.extensions import db
from lms.ukdates import uk_today
from lms.vetting import services
from lms.vetting.forms import VettingForm
from lms.web.forms import show_error
from lms.web.loading import get_in_scheme_or_404
from lms.web.paging import paginate

bp = Blueprint("vetting", __name__, url_prefix="/vetting")


@bp.get("/")
@role_required(Role.COORDINATOR, Role.ADMIN)
def index():
    query = request.args.get("q", "")
    pagination = paginate(services.scheme_people(current_user, query))
    checks = services.latest_checks(db.session, [p.id for p in pagination.items])
    return render_template(
        "vetting/index.html", pagination=pagination, checks=checks, query=query, today=uk_today()
    )


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR, Role.ADMIN)
def person(person_id: int):
    person = get_in_scheme_or_404(Person, person_id, may=services.may_record)
    form = VettingForm()
    if form.validate_on_submit():
        details = services.CheckDetails(
            level=form.level.data,
            certificate_date=form.certificate_date.data,
            update_service=bool(form.update_service.data),
            recheck_due=form.recheck_due.data,
        )
        try:
            services.record_check(db.session, current_user, person, details, uk_today())
        except services.VettingError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(f"DBS check saved for {person.name}.", "success")
            return redirect(url_for(".index"))
    return render_template(
        "vetting/person.html",
        person=person,
        form=form,
        history=services.history(db.session, person),
        today=uk_today(),
    )
