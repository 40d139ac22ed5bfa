"""Sign in, sign out, invitations and password resets."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from lms.accounts import services as accounts
from lms.accounts import tokens
from lms.accounts.text import email_key
from lms.auth.forms import ChoosePasswordForm, ForgotPasswordForm, SignInForm
from lms.auth.jobs import password_reset_requested
from lms.auth.redirects import safe_next
from lms.extensions import db, limiter
from lms.web.forms import ActionForm

bp = Blueprint("auth", __name__)

SIGN_IN_FAILED = "Enter a correct email address and password. Both are case sensitive."


def _sign_in_limit() -> str:
    return current_app.config["RATELIMIT_SIGN_IN"]


def _limit_key() -> str:
    """The posted address in the form accounts are found by (NFKC case-folded), so "ß" and "ss"
    or fullwidth letters spend the same per-email budget as the account they reach."""
    return email_key(request.form.get("email", ""))[:254]


def _email_key() -> str:
    return "sign-in:" + _limit_key()


def _reset_email_key() -> str:
    return "reset:" + _limit_key()


def _start_session(person) -> None:
    """Sign in with a fresh session, so nothing from before sign-in carries over."""
    session.clear()
    login_user(person)
    session.permanent = True


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], key_func=_email_key)
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = SignInForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    if form.validate_on_submit():
        person = accounts.authenticate(db.session, form.email.data, form.password.data)
        if person is not None:
            target = safe_next(form.next.data)
            db.session.commit()
            _start_session(person)
            return redirect(target or url_for("core.home"))
        form.form_errors.append(SIGN_IN_FAILED)
    return render_template("auth/sign_in.html", form=form)


@bp.post("/sign-out")
@login_required
def sign_out():
    form = ActionForm()  # signing out changes state, so it is a POST with a CSRF token
    if form.validate_on_submit():
        accounts.end_sessions(current_user)
        db.session.commit()
        logout_user()
        session.clear()
        flash("You have signed out.", "success")
    return redirect(url_for("core.home"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        person = tokens.read_token(db.session, token, tokens.INVITATION)
    except tokens.TokenInvalid as exc:
        return render_template(
            "auth/link_invalid.html", expired=exc.expired, kind="invitation"
        ), 400
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(db.session, person, form.password.data)
        except accounts.PasswordRejected as exc:
            form.password.errors.extend(exc.problems)
        else:
            db.session.commit()
            _start_session(person)
            flash("Your password is saved and you are signed in. Welcome.", "success")
            return redirect(url_for("core.home"))
    return render_template("auth/accept_invitation.html", form=form, person=person)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], key_func=_reset_email_key)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # The same work for every address: the worker looks the account up (lms/auth/jobs.py).
        password_reset_requested(form.email.data)
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        person = tokens.read_token(db.session, token, tokens.PASSWORD_RESET)
    except tokens.TokenInvalid as exc:
        return render_template("auth/link_invalid.html", expired=exc.expired, kind="reset"), 400
    form = ChoosePasswordForm()
    if form.validate_on_submit():
        try:
            accounts.set_password(db.session, person, form.password.data)
        except accounts.PasswordRejected as exc:
            form.password.errors.extend(exc.problems)
        else:
            db.session.commit()
            flash("Your password has been changed. Sign in with your new password.", "success")
            return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form)
