"""Your account: how you sign in, and adding an email address (confirmed from a link sent to it)
if you have none yet."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from lms.accounts import services as accounts
from lms.accounts import tokens
from lms.auth import email_confirm
from lms.auth.forms import AddEmailForm
from lms.auth.routes import bp
from lms.extensions import db
from lms.ukdates import uk_datetime
from lms.web.forms import ActionForm, flash_error, render_form, show_error


def _hours() -> int:
    return int(tokens.max_age(tokens.EMAIL_CONFIRM).total_seconds() // 3600)


@bp.get("/account")
@login_required
def account():
    return render_template(
        "auth/account.html", form=AddEmailForm(), cancel_form=ActionForm(), hours=_hours()
    )


@bp.post("/account/email")
@login_required
def add_email():
    form = AddEmailForm()
    if form.validate_on_submit():
        try:
            address = email_confirm.request_email(db.session, current_user, form.email.data)
        except accounts.AccountError as exc:
            show_error(form, exc, "email")
        else:
            db.session.commit()
            flash(
                f"We have sent a link to {address}. Open it within {_hours()} hours to confirm "
                "the address. Until then, your account has no email address.",
                "success",
            )
            return redirect(url_for("auth.account"))
    return render_form("auth/account.html", form, cancel_form=ActionForm(), hours=_hours())


@bp.post("/account/email/cancel")
@login_required
def cancel_email():
    if ActionForm().validate_on_submit():
        email_confirm.cancel_request(db.session, current_user)
        db.session.commit()
        flash("The email address waiting to be confirmed has been taken off.", "success")
    return redirect(url_for("auth.account"))


@bp.route("/account/email/confirm/<token>", methods=["GET", "POST"])
@login_required
def confirm_email(token: str):
    """Opened from the email: GET shows the address and a button; only the POST adds it."""
    try:
        address = email_confirm.pending_address(db.session, current_user, token)
    except tokens.TokenInvalid as exc:
        return render_template("auth/link_invalid.html", expired=exc.expired, kind="email"), 400
    except accounts.AccountError as exc:
        flash_error(exc)
        return redirect(url_for("auth.account"))
    form = ActionForm()
    if form.validate_on_submit():
        try:
            email_confirm.confirm_email(db.session, current_user, token)
        except accounts.AccountError as exc:  # the address became someone else's meanwhile
            db.session.rollback()
            email_confirm.cancel_request(db.session, current_user)
            db.session.commit()
            flash(exc.message, "important")
        else:
            db.session.commit()
            flash(f"Email address {address} added to your account.", "success")
        return redirect(url_for("auth.account"))
    sent = current_user.pending_email_at
    return render_form(
        "auth/confirm_email.html", form, address=address, sent=uk_datetime(sent) if sent else ""
    )
