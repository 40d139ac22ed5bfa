"""Coordinator pages for DBS checks: who has one (a list with filters and a CSV), recording a
new one, and marking one entered in error."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Person, Role
from lms.authz import role_required
from lms.exports import csv_response
from lms.extensions import db
from lms.ukdates import uk_today
from lms.vetting import checks_list, services
from lms.vetting.checks_list import CheckFilters
from lms.vetting.dates import DEFAULT_RECHECK_MONTHS, interval_words
from lms.vetting.forms import InErrorForm, VettingForm
from lms.vetting.models import LEVELS, VettingCheck
from lms.web.forms import render_form, show_error
from lms.web.loading import get_in_scheme_or_404
from lms.web.paging import paginate

bp = Blueprint("vetting", __name__, url_prefix="/vetting")


@bp.get("/")
@role_required(Role.COORDINATOR, Role.ADMIN)
def index():
    filters = CheckFilters.from_args(request.args)
    today = uk_today()
    pagination = paginate(filters.statement(current_user, today))
    checks = services.latest_checks(db.session, [p.id for p in pagination.items])
    return render_template(
        "vetting/index.html",
        pagination=pagination,
        checks=checks,
        filters=filters,
        args=filters.args(),
        statuses=checks_list.STATUSES,
        status_of=checks_list.status_of,
        sorts=checks_list.SORTS,
        levels=LEVELS,
        due_days=services.RECHECK_WARNING_DAYS,
        today=today,
    )


@bp.get("/checks.csv")
@role_required(Role.COORDINATOR, Role.ADMIN)
def checks_csv():
    """The list as a spreadsheet: every page of it, with the same filters and order."""
    filters = CheckFilters.from_args(request.args)
    rows = checks_list.csv_rows(db.session, current_user, filters, uk_today())
    return csv_response(rows, "dbs-checks.csv")


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR, Role.ADMIN)
def person(person_id: int):
    person = get_in_scheme_or_404(Person, person_id, may=services.may_record)
    form = VettingForm()
    months = person.scheme.dbs_recheck_months if person.scheme else DEFAULT_RECHECK_MONTHS
    form.recheck_due.description = (
        f"No later than {interval_words(months)} after the date on the certificate, unless the "
        "person is on the Update Service and you record its last status check."
    )
    if form.validate_on_submit():
        details = services.CheckDetails(
            level=form.level.data,
            kind=form.kind.data,
            certificate_date=form.certificate_date.data,
            update_service=bool(form.update_service.data),
            update_service_checked_on=form.update_service_checked_on.data,
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
    return render_form(
        "vetting/person.html",
        form,
        person=person,
        history=services.history(db.session, person),
        interval=interval_words(months),
        today=uk_today(),
    )


def _scheme_of_check(check: VettingCheck) -> int | None:
    return check.person.scheme_id


@bp.route("/checks/<int:check_id>/error", methods=["GET", "POST"])
@role_required(Role.COORDINATOR, Role.ADMIN)
def in_error(check_id: int):
    """Confirm, with a reason, that a check was entered in error."""
    check = get_in_scheme_or_404(
        VettingCheck, check_id, may=services.may_record, scheme_of=_scheme_of_check
    )
    form = InErrorForm()
    if check.in_error:
        flash("This check is already marked as entered in error.", "important")
        return redirect(url_for(".person", person_id=check.person_id))
    if form.validate_on_submit():
        try:
            services.mark_in_error(db.session, current_user, check, form.reason.data)
        except services.VettingError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash("The check is marked as entered in error. It no longer counts.", "success")
            return redirect(url_for(".person", person_id=check.person_id))
    return render_form("vetting/in_error.html", form, check=check)
