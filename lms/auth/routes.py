"""Sign in, sign out, invitations and password resets."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user, login_required, login_user, logout_user

from lms.accounts import cards, tokens, usernames
from lms.accounts import services as accounts
from lms.accounts.models import Person
from lms.accounts.text import email_key
from lms.auth.forms import ChoosePasswordForm, ForgotPasswordForm, SignInForm
from lms.auth.jobs import password_reset_requested
from lms.auth.redirects import safe_next
from lms.extensions import db, limiter
from lms.web.forms import ActionForm, render_form

bp = Blueprint("auth", __name__)

SIGN_IN_FAILED = (
    "Enter a correct email address or username, and password. The password is case sensitive."
)
CARD = "sign_in_card"  # session key: the person half-way through signing in with a card


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
        holder = usernames.find_for_sign_in(db.session, form.email.data)
        if holder is not None and holder.active and cards.code_matches(holder, form.password.data):
            target = safe_next(form.next.data)
            session.clear()
            session[CARD] = {"p": holder.id, "f": cards.card_fingerprint(holder), "n": target}
            return redirect(url_for("auth.card_password"))
        form.form_errors.append(SIGN_IN_FAILED)
    return render_form("auth/sign_in.html", form)


def _card_holder() -> Person | None:
    """The person who typed a right card code in this session, while that card still works."""
    pending = session.get(CARD) or {}
    person = db.session.get(Person, pending.get("p") or 0)
    if person is None or not person.active or not cards.has_current_card(person):
        return None
    return person if pending.get("f") == cards.card_fingerprint(person) else None


@bp.route("/sign-in/choose-password", methods=["GET", "POST"])
def card_password():
    """After a right card code: choose a password; then the card is used up and they are in."""
    person = _card_holder()
    form = ChoosePasswordForm()
    if person is None:  # no right code in this session, or the card changed since
        session.pop(CARD, None)
        # Opened without a right code: a page saying what to do (200); sent anyway: refused (400).
        status = 400 if request.method == "POST" else 200
        return render_template("auth/card_password.html", form=form, person=None), status
    if form.validate_on_submit():
        try:
            accounts.set_password(db.session, person, form.password.data)
        except accounts.PasswordRejected as exc:
            form.password.errors.extend(exc.problems)
        else:
            target = safe_next((session.get(CARD) or {}).get("n"))
            cards.use_up(person)
            person.last_signed_in_at = person.password_set_at
            db.session.commit()
            _start_session(person)
            flash("Your password is saved and you are signed in. Welcome.", "success")
            return redirect(target or url_for("core.home"))
    return render_form("auth/card_password.html", form, person=person)


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


@bp.post("/stay-signed-in")
@login_required
def stay_signed_in():
    """Renew the sign-in (the warning on pages where people write offers this): it lasts
    PERMANENT_SESSION_LIFETIME from now. JSON for the page's script, else back to the page."""
    if not ActionForm().validate_on_submit():
        abort(400)
    session.modified = True  # the session cookie goes out again, good from now
    seconds = int(current_app.permanent_session_lifetime.total_seconds())
    if request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json":
        return jsonify({"signed_in": True, "session_seconds": seconds})
    flash("You are still signed in.", "success")
    return redirect(safe_next(request.form.get("next")) or url_for("core.home"))


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
    return render_form("auth/accept_invitation.html", form, person=person)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_sign_in_limit, methods=["POST"])
@limiter.limit(_sign_in_limit, methods=["POST"], key_func=_reset_email_key)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        # The same work for every address: the worker looks the account up (lms/auth/jobs.py).
        password_reset_requested(form.email.data)
        return render_template("auth/forgot_sent.html", email=form.email.data)
    return render_form("auth/forgot_password.html", form)


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
    return render_form("auth/reset_password.html", form)
