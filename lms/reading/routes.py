"""The reading settings page (open to everyone, signed in or not), the classes every page gets
from the settings in force, and taking over the settings chosen before sign-in."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    has_request_context,
    redirect,
    request,
    url_for,
)
from flask_login import current_user, user_logged_in

from lms.auth.redirects import safe_next
from lms.extensions import db
from lms.reading import services
from lms.reading.forms import ReadingSettingsForm
from lms.reading.settings import COOKIE_MAX_AGE, COOKIE_NAME, DEFAULT, ReadingSettings, from_cookie
from lms.web.forms import render_form

bp = Blueprint("reading", __name__)

PATH = "/reading-settings"
SAVED = "Your reading settings are saved."


def before_sign_in() -> ReadingSettings | None:
    """The settings this browser's cookie holds, if it holds valid ones."""
    return from_cookie(request.cookies.get(COOKIE_NAME))


def in_force() -> ReadingSettings:
    """The settings for this page: the account's once signed in, else the cookie's, else the
    defaults. Reads only the person already loaded for the page: no extra statement."""
    if current_user.is_authenticated:
        saved = services.saved_for(current_user)
        if saved is not None:
            return saved
    return before_sign_in() or DEFAULT


def _back(target: str | None) -> str | None:
    """A path on this site to go back to, never the settings page itself."""
    target = safe_next(target)
    if target is None or target.split("?", 1)[0] == PATH:
        return None
    return target


@bp.app_template_global()
def reading_classes() -> str:
    """For base.html: the classes on <html> for the settings in force."""
    return in_force().classes


@bp.app_template_global()
def reading_settings_url() -> str:
    """For base.html: the settings page, with this page as the one to go back to."""
    if g.get("error_page"):
        here = None  # an error page's address may name a record the visitor may not see
    elif request.endpoint == "reading.settings":
        here = _back(request.values.get("back"))
    else:
        here = _back(request.path)  # not its query: a page's links never echo what was sent
    return url_for("reading.settings", back=here) if here else url_for("reading.settings")


@bp.route(PATH, methods=["GET", "POST"])
def settings():
    """Choose text size, line spacing and background; kept on the account once signed in,
    in a cookie before then."""
    form = ReadingSettingsForm()
    back = _back(form.back.data if request.method == "POST" else request.args.get("back"))
    if request.method == "GET":
        current = in_force()
        form.text_size.data = current.text_size
        form.line_spacing.data = current.line_spacing
        form.background.data = current.background
        form.back.data = back or ""
    if form.validate_on_submit():
        chosen = ReadingSettings(form.text_size.data, form.line_spacing.data, form.background.data)
        response = redirect(url_for(".settings", back=back) if back else url_for(".settings"))
        if current_user.is_authenticated:
            services.save_for(db.session, current_user, chosen)
            db.session.commit()
        else:
            response.set_cookie(
                COOKIE_NAME,
                chosen.cookie_value,
                max_age=COOKIE_MAX_AGE,
                path="/",
                secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
                httponly=True,  # nothing in the page's scripts needs to read it
                samesite="Lax",
            )
        flash(SAVED, "success")
        return response
    return render_form(
        "reading/settings.html",
        form,
        back=back or url_for("core.home"),
        shown=in_force(),
    )


@user_logged_in.connect
def take_over_at_sign_in(sender, user, **extra) -> None:
    """However someone signs in (password, invitation): settings chosen before sign-in are
    saved on an account that has none. The sign-in itself is already committed, so this small
    change is committed on its own."""
    if not has_request_context():
        return
    if services.take_over(db.session, user, before_sign_in()):
        db.session.commit()
