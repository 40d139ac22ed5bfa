"""Error pages for people and JSON errors for paths under /api/."""

from __future__ import annotations

import logging

from flask import (
    Flask,
    Response,
    current_app,
    g,
    jsonify,
    make_response,
    render_template,
    request,
)
from flask.globals import request_ctx
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException, SecurityError

from lms.accounts.duties import OwnRecord
from lms.api.errors import status_of
from lms.config import PRODUCT_NAME
from lms.extensions import db
from lms.links import base_url, site_adapter
from lms.outage import RETRY_AFTER_SECONDS, UNAVAILABLE_TEXT, DatabaseUnavailable, is_outage

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Bad request", "The request could not be understood. Go back and try again."),
    401: ("Sign-in needed", "Send valid credentials with the request."),
    409: ("Conflict", "The request conflicts with the current state. Reload and try again."),
    403: ("You do not have access to this page", "Your account does not allow this."),
    404: ("Page not found", "Check the web address is right, or go back to the home page."),
    405: ("Not allowed", "This page cannot be used that way."),
    413: ("Too much data", "What you sent is too large. Send less and try again."),
    429: (
        "Too many attempts",
        "You have tried this too many times. Wait a few minutes, then try again.",
    ),
    500: (
        "Sorry, there is a problem with the service",
        "Try again later. What you were doing has not been saved.",
    ),
    503: ("Sorry, the service is unavailable", UNAVAILABLE_TEXT),
}
CODES = {
    400: "bad_request",
    401: "unauthorised",
    403: "forbidden",
    409: "conflict",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


def error_response(code: int, detail: str | None = None) -> Response:
    """An error answer: JSON under /api/, a page everywhere else.

    The page is the site's usual layout, which shows the signed-in person's navigation and so
    reads the database. If that fails (the database went away mid-request), the answer is the
    self-contained page instead: 503 if the database is the reason, else the code asked for.
    """
    title, text = MESSAGES.get(code, (f"Error {code}", ""))
    if request.path.startswith("/api/"):
        response = jsonify({"error": CODES.get(code, "error"), "message": detail or text})
        response.status_code = code
        return response
    if request_ctx.url_adapter is None:
        # The request named a host that is not the site's, so Flask built no URL adapter:
        # the page's own links are built for BASE_URL instead.
        request_ctx.url_adapter = site_adapter()
    # An error page never repeats the address asked for (it may name another scheme's record):
    # its links (Reading settings) leave out "this page".
    g.error_page = True
    try:
        html = render_template(
            "errors/error.html", code=code, title=title, text=text, detail=detail
        )
    except Exception as error:  # an error page must always answer
        _rollback_quietly()
        if is_outage(error):
            log.warning("Database unavailable while rendering the %s page: %s", code, error)
            return unavailable_response()
        log.exception("The %s page could not be rendered; answering the plain page", code)
        return _standalone(code, title, text, detail)
    return make_response(html, code)


def unavailable_response() -> Response:
    """503 with Retry-After, for when the database cannot be used: needs no database at all.

    JSON under /api/; elsewhere a page that reads nothing of the person signed in (the usual
    layout loads them from the database, which would fail again).
    """
    title, text = MESSAGES[503]
    if request.path.startswith("/api/"):
        response = jsonify({"error": CODES[503], "message": text})
        response.status_code = 503
    else:
        response = _standalone(503, title, text)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def _standalone(code: int, title: str, text: str, detail: str | None = None) -> Response:
    """The plain error page, rendered without the context processors (they load the person)."""
    template = current_app.jinja_env.get_template("errors/standalone.html")
    html = template.render(
        code=code, title=title, text=text, detail=detail, product_name=PRODUCT_NAME
    )
    return make_response(html, code)


def _rollback_quietly() -> None:
    """Roll the session back; on a dead connection that can fail too, and must not mask why."""
    try:
        db.session.rollback()
    except Exception:  # the connection is gone; the pool replaces it later
        log.warning("Rolling back after an error failed as well", exc_info=True)


def _custom_description(error: HTTPException) -> str | None:
    """The description a view gave to ``abort``, not Werkzeug's stock wording."""
    if error.description and error.description != type(error).description:
        return error.description
    return None


def register(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> Response:
        # A view that keeps what was written (a written answer) when the form's token no longer
        # matches because the sign-in ended: it holds the text and sends them to sign in.
        view = current_app.view_functions.get(request.endpoint or "")
        keep = getattr(view, "keep_when_signed_out", None)
        kept = keep(**(request.view_args or {})) if keep is not None else None
        if kept is not None:
            return kept
        return error_response(
            400,
            "The form had expired or came from another site. Go back, reload the page and "
            "try again.",
        )

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError) -> Response:
        # Host (or the port-less name in it) is not in TRUSTED_HOSTS: answer nothing from it,
        # so no link built from a stranger's Host can exist.
        return error_response(
            400, f"This site is not served at that address. Use {base_url()} instead."
        )

    @app.errorhandler(DatabaseUnavailable)
    def database_unavailable(error: DatabaseUnavailable) -> Response:
        log.warning("Database unavailable on %s %s: %r", request.method, request.path, error)
        _rollback_quietly()
        return unavailable_response()

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        code = error.code or 500
        # A 429 says only the stock words, unless the limit was given a message of its own.
        own_message = getattr(getattr(error, "limit", None), "error_message", None)
        detail = None if code == 429 and not own_message else _custom_description(error)
        response = error_response(code, detail)
        for key, value in error.get_headers():
            if key.lower() in {"retry-after", "allow"}:
                response.headers[key] = value
        return response

    @app.errorhandler(OwnRecord)
    def own_record(error: OwnRecord) -> Response:
        # Separation of duties, refused in the service whatever path called it: say why.
        db.session.rollback()
        if request.path.startswith("/api/"):
            # The API's one code -> status table, as for every other domain error it answers.
            response = jsonify({"error": error.code, "message": error.message})
            response.status_code = status_of(error)
            return response
        return error_response(403, error.message)

    @app.errorhandler(DataError)
    @app.errorhandler(OverflowError)
    def unstorable_input(error: Exception) -> Response:
        # A value the database cannot take (a number beyond its range, a NUL character in
        # PostgreSQL text) is bad input, not a fault of the service: say so, keep nothing.
        reason = getattr(error, "orig", None) or error  # the driver's words, not the values
        log.warning("Refused unstorable input on %s %s: %s", request.method, request.path, reason)
        db.session.rollback()
        return error_response(
            400, "Something you sent is too large or has characters that cannot be stored."
        )

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> Response:
        _rollback_quietly()
        if is_outage(error):
            # Down, restarting or refusing: the pools reconnect by themselves once it is back.
            log.warning("Database unavailable on %s %s: %s", request.method, request.path, error)
            return unavailable_response()
        log.exception("Unhandled error on %s %s", request.method, request.path)
        return error_response(500)
