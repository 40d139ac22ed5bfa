"""The mentor's expense pages: their claims, a new claim against one of their contacts, one
claim with its status, and answering a query or withdrawing (each a thin POST)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.expenses import queries, services
from lms.expenses.blueprint import bp
from lms.expenses.forms import AnswerForm, ClaimForm
from lms.expenses.models import ExpenseClaim
from lms.expenses.money import hours, pounds
from lms.expenses.settings import ExpenseError, settings_for
from lms.extensions import db
from lms.matching.models import ContactLog, Match
from lms.ukdates import uk_today
from lms.web.forms import ActionForm, flash_error, form_status, show_error
from lms.web.paging import paginate

MENTORS = (Role.TRAINEE,)  # certificate holders keep the trainee role


def _own(model, object_id: int):
    """The signed-in mentor's own contact or claim, or 404 (someone else's looks missing)."""
    found = db.session.get(model, object_id)
    if found is None or found.mentor_id != current_user.id:
        abort(404)
    return found


@bp.get("/")
@role_required(*MENTORS)
def mine():
    pagination = paginate(queries.mine(current_user))
    return render_template("expenses/mine.html", pagination=pagination)


def _hours_hint(settings, contact: ContactLog) -> str:
    return (
        f"Your scheme pays £{pounds(settings.hourly_rate)} an hour. For example 1.5 for an hour "
        f"and a half; at most {contact.minutes} minutes in all for this contact. Leave it "
        "empty if you are not claiming hours."
    )


def _claim_page(contact: ContactLog, form: ClaimForm, status: int = 200):
    match = db.session.get(Match, contact.match_id)
    settings = settings_for(db.session, match.scheme_id)
    form.offer(settings.limits())
    form.hours.description = _hours_hint(settings, contact)
    return (
        render_template(
            "expenses/new.html",
            form=form,
            contact=contact,
            match=match,
            settings=settings,
            too_old=services.too_old(contact, uk_today()),
        ),
        status,
    )


@bp.route("/contacts/<int:contact_id>/claim", methods=["GET", "POST"])
@role_required(*MENTORS)
def new_claim(contact_id: int):
    contact = _own(ContactLog, contact_id)
    form = ClaimForm()
    if not form.validate_on_submit():
        return _claim_page(contact, form, form_status(form))
    details = services.ClaimDetails(
        form.kind.data, form.amount_pence(), form.description.data, form.paid_minutes()
    )
    try:
        claim = services.submit(db.session, current_user, contact, details, uk_today())
    except ExpenseError as exc:
        show_error(form, exc)
        return _claim_page(contact, form, 400)
    db.session.commit()
    flash("Your claim has been sent to your coordinator.", "success")
    return redirect(url_for(".claim", claim_id=claim.id))


def _show(claim: ExpenseClaim, form: AnswerForm | None = None, status: int = 200):
    if form is None:
        form = AnswerForm(
            formdata=None,
            amount=pounds(claim.amount),
            description=claim.description,
            hours=hours(claim.paid_minutes) if claim.paid_minutes else "",
        )
    settings = settings_for(db.session, claim.scheme_id)
    page = render_template(
        "expenses/claim.html",
        claim=claim,
        form=form,
        action_form=ActionForm(),
        settings=settings,
    )
    return page, status


@bp.get("/<int:claim_id>")
@role_required(*MENTORS)
def claim(claim_id: int):
    return _show(_own(ExpenseClaim, claim_id))


@bp.post("/<int:claim_id>/answer")
@role_required(*MENTORS)
def answer(claim_id: int):
    claim = _own(ExpenseClaim, claim_id)
    form = AnswerForm()
    if not form.validate_on_submit():
        return _show(claim, form, 400)
    details = services.ClaimDetails(
        claim.kind, form.amount_pence(), form.description.data, form.paid_minutes()
    )
    try:
        services.answer(db.session, current_user, claim, details, form.answer.data)
    except ExpenseError as exc:
        if exc.field in form._fields:
            show_error(form, exc)
            return _show(db.session.get(ExpenseClaim, claim_id), form, 400)
        db.session.rollback()
        flash_error(exc)
    else:
        db.session.commit()
        flash("Your answer has been sent to your coordinator.", "success")
    return redirect(url_for(".claim", claim_id=claim_id))


@bp.post("/<int:claim_id>/withdraw")
@role_required(*MENTORS)
def withdraw(claim_id: int):
    claim = _own(ExpenseClaim, claim_id)
    if ActionForm().validate_on_submit():
        try:
            services.withdraw(db.session, current_user, claim)
        except ExpenseError as exc:
            db.session.rollback()
            flash_error(exc)
        else:
            db.session.commit()
            flash("Your claim has been withdrawn.", "success")
    return redirect(url_for(".claim", claim_id=claim_id))
