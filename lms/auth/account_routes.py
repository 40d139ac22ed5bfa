"""Your account: how you sign in, and adding an email address if you have none yet."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from lms.accounts import emails
from lms.accounts import services as accounts
from lms.auth.forms import AddEmailForm
from lms.auth.routes import bp
from lms.extensions import db
from lms.web.forms import render_form, show_error


@bp.get("/account")
@login_required
def account():
    return render_template("auth/account.html", form=AddEmailForm())


@bp.post("/account/email")
@login_required
def add_email():
    form = AddEmailForm()
    if form.validate_on_submit():
        try:
            emails.add_email(db.session, current_user, current_user, form.email.data)
        except accounts.AccountError as exc:
            show_error(form, exc, "email")
        else:
            db.session.commit()
            flash(f"Email address {current_user.email} added.", "success")
            return redirect(url_for("auth.account"))
    return render_form("auth/account.html", form)
