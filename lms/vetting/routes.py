"""Coordinator pages for DBS checks: who has one, and recording a new one."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Person, Role
from lms.authz import role_required
from lms.extensions import db
from lms.numbers import query_int
from lms.ukdates import uk_today
from lms.vetting import services
from lms.vetting.forms import VettingForm

bp = Blueprint("vetting", __name__, url_prefix="/vetting")


@bp.get("/")
@role_required(Role.COORDINATOR, Role.ADMIN)
def index():
    query = request.args.get("q", "")
    pagination = db.paginate(
        services.scheme_people(current_user, query),
        page=request.args.get("page", 1, type=query_int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    checks = services.latest_checks(db.session, [p.id for p in pagination.items])
    return render_template(
        "vetting/index.html", pagination=pagination, checks=checks, query=query, today=uk_today()
    )


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR, Role.ADMIN)
def person(person_id: int):
    person = db.session.get(Person, person_id)
    if person is None or not services.may_record(current_user, person):
        abort(404)
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
            db.session.rollback()
            getattr(form, exc.field).errors.append(exc.message)
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
