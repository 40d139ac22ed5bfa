"""Security headers on every response, and input no database can hold refused at the door."""

from __future__ import annotations

from flask import Flask, Request, Response, abort, request
from werkzeug.exceptions import SecurityError

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Ids are 32-bit integers in PostgreSQL; a bigger number in a path cannot name anything.
MAX_ID = 2**31 - 1


def refuse_unstorable_input() -> None:
    """Refuse NUL characters (PostgreSQL text cannot hold them) and ids beyond the id range.

    No real person types a NUL, so this is refused before any view sees it: 404 when the path
    holds it (the path then names nothing), 400 when the query string or a form does.
    """
    for value in (request.view_args or {}).values():
        if (isinstance(value, int) and not -MAX_ID <= value <= MAX_ID) or (
            isinstance(value, str) and "\x00" in value
        ):
            abort(404)
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            if "\x00" in key or "\x00" in value:
                abort(400, "What you sent contains a character that is not allowed.")


# Load balancers poll each app server by its own address (``Host: 10.0.0.5:8000``), which is
# no name the site is served at. The health answer builds no links and reveals nothing, so
# exactly this path is answered whatever the Host; every other path keeps the 400.
HOST_EXEMPT_PATHS = frozenset({"/healthz"})


class SiteRequest(Request):
    """Flask's request, whose Host is checked against TRUSTED_HOSTS except on ``/healthz``."""

    _trusted: list[str] | None = None

    @property
    def trusted_hosts(self) -> list[str] | None:  # type: ignore[override]
        return None if self.path in HOST_EXEMPT_PATHS else self._trusted

    @trusted_hosts.setter
    def trusted_hosts(self, value: list[str] | None) -> None:
        self._trusted = value


def refuse_untrusted_host() -> None:
    """Answer 400 for a Host not in TRUSTED_HOSTS before any other hook looks at the request.

    Flask finds the untrusted host while routing but would only raise it after the other
    before-request hooks (CSRF, rate limits) had run on the stranger's request.
    """
    error = request.routing_exception
    if isinstance(error, SecurityError):
        raise error


def register(app: Flask) -> None:
    app.request_class = SiteRequest
    # First of all the hooks, ahead of the ones the extensions registered.
    app.before_request_funcs.setdefault(None, []).insert(0, refuse_untrusted_host)
    app.before_request(refuse_unstorable_input)

    @app.after_request
    def set_security_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        if app.config.get("SESSION_COOKIE_SECURE"):
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response
