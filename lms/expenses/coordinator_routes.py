"""The coordinator's expense pages: claims waiting in their scheme, one claim to approve or
query (never their own), and the month's approved claims as a CSV for payroll or finance."""

from __future__ import annotations

import re

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.expenses import queries, services
from lms.expenses.blueprint import bp
from lms.expenses.forms import QueryForm
from lms.expenses.models import ExpenseClaim
from lms.expenses.settings import ExpenseError
from lms.exports import csv_response
from lms.extensions import db
from lms.ukdates import MONTHS, uk_today
from lms.web.forms import ActionForm, flash_error, show_error
from lms.web.loading import get_in_scheme_or_404
from lms.web.paging import paginate

COORDINATORS = (Role.COORDINATOR,)
MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def _in_my_scheme(claim_id: int) -> ExpenseClaim:
    """A claim of the coordinator's own scheme, or 404 (another scheme's looks missing; an
    admin who is also a coordinator decides only in their own scheme too)."""
    return get_in_scheme_or_404(
        ExpenseClaim, claim_id, may=lambda actor, sid: actor.scheme_id == sid
    )


@bp.get("/claims")
@role_required(*COORDINATORS)
def waiting():
    pagination = paginate(queries.waiting(current_user.scheme_id, current_user))
    return render_template("expenses/waiting.html", pagination=pagination)


def _review(claim: ExpenseClaim, form: QueryForm | None = None, status: int = 200):
    return (
        render_template(
            "expenses/review.html",
            claim=claim,
            form=form or QueryForm(),
            action_form=ActionForm(),
            may_decide=services.may_decide(current_user, claim),
        ),
        status,
    )


@bp.get("/claims/<int:claim_id>")
@role_required(*COORDINATORS)
def review(claim_id: int):
    return _review(_in_my_scheme(claim_id))


@bp.post("/claims/<int:claim_id>/approve")
@role_required(*COORDINATORS)
def approve(claim_id: int):
    claim = _in_my_scheme(claim_id)
    if ActionForm().validate_on_submit():
        try:
            services.approve(db.session, current_user, claim)
        except ExpenseError as exc:
            db.session.rollback()
            flash_error(exc)
            return redirect(url_for(".review", claim_id=claim_id))
        db.session.commit()
        flash(f"Claim {claim_id} approved. The mentor has been told.", "success")
    return redirect(url_for(".waiting"))


@bp.post("/claims/<int:claim_id>/query")
@role_required(*COORDINATORS)
def query(claim_id: int):
    claim = _in_my_scheme(claim_id)
    form = QueryForm()
    if not form.validate_on_submit():
        return _review(claim, form, 400)
    try:
        services.query(db.session, current_user, claim, form.question.data)
    except ExpenseError as exc:
        if exc.field in form._fields:
            show_error(form, exc)
            return _review(claim, form, 400)
        db.session.rollback()
        flash_error(exc)
        return redirect(url_for(".review", claim_id=claim_id))
    db.session.commit()
    flash(f"Claim {claim_id} sent back to the mentor with your question.", "success")
    return redirect(url_for(".waiting"))


def _month() -> tuple[int, int, str | None]:
    """The ``?month=YYYY-MM`` asked for (this UK month if none), and an error if it is not one."""
    today = uk_today()
    text = request.args.get("month", "").strip()
    if not text:
        return today.year, today.month, None
    found = MONTH.fullmatch(text)
    if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
        return today.year, today.month, "Enter a month as year and month, like 2026-11."
    year, month = int(found.group(1)), int(found.group(2))
    if (year, month) > (today.year, today.month):
        return today.year, today.month, "The month cannot be in the future."
    return year, month, None


@bp.get("/export")
@role_required(*COORDINATORS)
def export():
    year, month, error = _month()
    claims = queries.approved_in_month(db.session, current_user.scheme_id, year, month)
    return render_template(
        "expenses/export.html",
        claims=claims,
        totals=queries.totals(claims),
        value=f"{year:04d}-{month:02d}",
        name=f"{MONTHS[month - 1]} {year}",
        error=error,
    ), (400 if error else 200)


@bp.get("/export.csv")
@role_required(*COORDINATORS)
def export_csv():
    year, month, error = _month()
    if error:
        abort(400, error)
    claims = queries.approved_in_month(db.session, current_user.scheme_id, year, month)
    name = f"expenses-{year:04d}-{month:02d}.csv"
    return csv_response(queries.csv_rows(claims), name)
