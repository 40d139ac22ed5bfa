"""Written answers kept as they are written: the draft saved from the page's script (JSON), the
text of an answer sent after the sign-in ended held for its writer, and put back when they
sign in again (lms/assessment/held.py holds the rules)."""

from __future__ import annotations

from datetime import UTC
from functools import wraps

from flask import (
    abort,
    after_this_request,
    current_app,
    flash,
    jsonify,
    redirect,
    request,
    url_for,
)
from flask_login import current_user, user_logged_in
from flask_wtf.csrf import generate_csrf

from lms.accounts.models import Role
from lms.assessment import held, services
from lms.assessment.blueprint import bp
from lms.assessment.blueprint import settings as _settings
from lms.assessment.models import ScenarioSubmission
from lms.authz import role_required
from lms.db import utcnow
from lms.extensions import db
from lms.ukdates import UK

COOKIE = "held_answer"
SIGNED_OUT = "You were signed out. Sign in again and we will put your answer back."
STALE_PAGE = (
    "The page you sent was out of date, so we saved your answer as a draft. It has not been "
    "sent. Check it, then send it."
)
NEWER = (
    "This answer was changed on another page or device. Reload the page to see the newest "
    "draft. What you wrote here is still kept on this device."
)


def version(draft: ScenarioSubmission | None) -> str:
    """Which saved draft a page was shown: a newer one must not be overwritten from that page."""
    return draft.updated_at.astimezone(UTC).isoformat(timespec="microseconds") if draft else ""


def uk_clock(value) -> str:
    """A time as the site writes it, in UK time: ``10:42am``."""
    local = value.astimezone(UK)
    return f"{local.strftime('%I').lstrip('0')}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def page_context(person, scenario, draft: ScenarioSubmission | None, history) -> dict:
    """What the answer page needs for its draft saving, word count and sign-in warning."""
    config = current_app.config
    module_slug = scenario.module_version.module.slug
    following = (history[-1].attempt_number + 1) if history else 1
    attempt = draft.attempt_number if draft else following
    return {
        "held_for": held.owner_token(config["SECRET_KEY"], person.id, module_slug, scenario.key),
        "draft_version": version(draft),
        "draft_key": f"{person.id}:{scenario.key}:{attempt}",
        "max_words": _settings().max_words,
        "session_seconds": int(current_app.permanent_session_lifetime.total_seconds()),
        "warning_seconds": int(config["SESSION_WARNING_SECONDS"]),
    }


def _wants_json() -> bool:
    return request.accept_mimetypes.best_match(["text/html", "application/json"]) == (
        "application/json"
    )


def _refusal(status: int, error: str, message: str):
    return jsonify({"saved": False, "error": error, "message": message}), status


def _save_json(module_slug: str, key: str, *, new_csrf: bool = False):
    """Save the posted text as the signed-in trainee's draft and say so in JSON."""
    scenario = services.find_scenario(db.session, module_slug, key)
    if scenario is None:
        abort(404)
    text = request.form.get("answer", "")
    history = services.attempts(db.session, current_user, key)
    allowed, reason = services.can_write(history, _settings())
    if not allowed:
        return _refusal(409, "sent", reason)
    draft = services.unsent_draft(history)
    if request.form.get("base") is not None and version(draft) != request.form["base"]:
        return _refusal(409, "newer", NEWER)
    try:
        draft = services.save_answer(
            db.session,
            current_user,
            scenario,
            scenario.module_version.module,
            text,
            submit=False,
            settings=_settings(),
        )
    except services.AssessmentError as exc:
        db.session.rollback()
        return _refusal(409 if exc.field != "answer" else 400, "refused", exc.message)
    db.session.commit()
    saved_at = uk_clock(draft.updated_at)
    answer = {
        "saved": True,
        "version": version(draft),
        "saved_at": saved_at,
        "message": f"Draft saved at {saved_at}",
        "words": services.word_count(text),
        "session_seconds": int(current_app.permanent_session_lifetime.total_seconds()),
    }
    if new_csrf:
        answer["csrf_token"] = generate_csrf()
    return jsonify(answer)


def _save_form(module_slug: str, key: str, text: str):
    scenario = services.find_scenario(db.session, module_slug, key)
    if scenario is None:
        return None
    try:
        services.save_answer(
            db.session,
            current_user,
            scenario,
            scenario.module_version.module,
            text,
            submit=False,
            settings=_settings(),
        )
    except services.AssessmentError:
        db.session.rollback()
        return None
    db.session.commit()
    flash(STALE_PAGE, "important")
    return redirect(url_for(".answer", module_slug=module_slug, key=key))


def keep_signed_out(module_slug: str, key: str):
    """The answer for a post whose sign-in had ended (or whose form's token no longer matches
    the session): the text is held for its writer, who is sent to sign in. None when there is
    nothing to keep, or the page was not this trainee's (the usual refusal follows)."""
    text = request.form.get("answer")
    # Only a post from this site's own page (browsers say so; an old one that does not is
    # taken at its word): another site's form never gets text held, even with a copied field.
    if request.headers.get("Sec-Fetch-Site", "same-origin") != "same-origin":
        return None
    owner = held.read_owner(
        current_app.config["SECRET_KEY"], request.form.get("held_for"), module_slug, key
    )
    if text is None or owner is None:
        return None
    json = _wants_json()
    if current_user.is_authenticated:
        if current_user.id != owner or not current_user.has_role(Role.TRAINEE):
            return None
        # Signed in again since the page was loaded (the form's token is the old session's):
        # keep the text as their draft, never sent, and show the page afresh.
        if json:
            return _save_json(module_slug, key, new_csrf=True)
        return _save_form(module_slug, key, text)
    config = current_app.config
    hours = int(config["HELD_ANSWER_HOURS"])
    token = held.hold(
        db.session,
        person_id=owner,
        module_slug=module_slug,
        key=key,
        text=text,
        replacing=request.cookies.get(COOKIE),
        now=utcnow(),
        hours=hours,
    )
    if token is None:
        return None
    db.session.commit()
    sign_in = url_for("auth.sign_in", next=url_for(".answer", module_slug=module_slug, key=key))
    if json:
        response = jsonify(
            {"saved": False, "error": "signed_out", "message": SIGNED_OUT, "sign_in": sign_in}
        )
        response.status_code = 401
    else:
        flash(SIGNED_OUT, "important")
        response = redirect(sign_in)
    response.set_cookie(
        COOKIE,
        token,
        max_age=hours * 3600,
        httponly=True,
        samesite="Lax",
        secure=bool(config.get("SESSION_COOKIE_SECURE")),
    )
    return response


def keeps_answer(view):
    """A view whose post holds the text when the sign-in has ended (see keep_signed_out);
    lms/errors.py calls ``keep_when_signed_out`` too when the form's CSRF token fails."""

    @wraps(view)
    def wrapped(module_slug: str, key: str):
        if request.method == "POST" and not current_user.is_authenticated:
            kept = keep_signed_out(module_slug, key)
            if kept is not None:
                return kept
        return view(module_slug=module_slug, key=key)

    wrapped.keep_when_signed_out = keep_signed_out  # type: ignore[attr-defined]
    return wrapped


@bp.post("/<module_slug>/<key>/draft")
@keeps_answer
@role_required(Role.TRAINEE)
def save_draft(module_slug: str, key: str):
    return _save_json(module_slug, key)


MESSAGES = {
    held.RESTORED: "We put back the answer you were writing for “{title}”. It is saved as a "
    "draft, not sent. Check it, then send it.",
    held.KEPT_NEWER: "You saved a newer draft of “{title}” since then, so we kept that one.",
    held.ALREADY_SENT: "Your answer to “{title}” had already been sent, so we did not change it.",
}


@user_logged_in.connect
def restore_on_sign_in(app, user, **extra) -> None:
    """After any sign-in on a browser holding answer text: it goes into the owner's draft, or
    is dropped when someone else signs in. The cookie goes either way."""
    token = request.cookies.get(COOKIE)
    if not token:
        return

    @after_this_request
    def forget(response):
        response.delete_cookie(COOKIE, httponly=True, samesite="Lax")
        return response

    try:
        result = held.restore(db.session, user, token, _settings(), utcnow())
        db.session.commit()
    except services.AssessmentError:
        db.session.rollback()
        return
    if result is not None:
        flash(MESSAGES[result.outcome].format(title=result.scenario_title), "important")
