"""The security baseline: CSRF, headers, cookies, health check and error pages."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from lms.extensions import db
from tests.conftest import csrf_token


def test_state_changing_post_without_csrf_token_is_refused(client, people):
    """A POST with no CSRF token is refused with 400 and nothing changes."""
    response = client.post("/sign-in", data={"email": people["admin"].email, "password": "x"})
    assert response.status_code == 400
    assert "reload the page" in response.get_data(as_text=True)


def test_sign_out_without_csrf_token_is_refused(client, login):
    """Another site cannot sign a person out."""
    login("trainee")
    assert client.post("/sign-out").status_code == 400
    assert client.get("/trainee").status_code == 200


@pytest.mark.parametrize("path", ["/", "/sign-in", "/healthz", "/no-such-page"])
def test_security_headers_on_every_response(client, path):
    """CSP without inline scripts, no framing, a referrer policy, no sniffing."""
    headers = client.get(path).headers
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Content-Type-Options"] == "nosniff"


def test_no_inline_scripts_in_pages(client):
    """Pages load scripts only from files, so the CSP can forbid inline script."""
    html = client.get("/sign-in").get_data(as_text=True)
    assert "<script>" not in html and "onclick" not in html


def test_session_cookie_is_httponly_and_lax(client, people):
    """The session cookie cannot be read by scripts or sent on cross-site posts."""
    client.get("/sign-in")
    cookie = client.get_cookie("session", domain="lms.test")
    assert cookie.http_only and cookie.same_site == "Lax"


def test_session_cookie_secure_when_configured(monkeypatch):
    """SESSION_COOKIE_SECURE=1 marks cookies Secure."""
    from lms.config import load_config

    monkeypatch.setenv("SESSION_COOKIE_SECURE", "1")
    config = load_config({"TESTING": True})
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]


def test_healthz_reports_a_reachable_database(client):
    """The health check answers 200 JSON naming each check when the database reads and writes."""
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json == {"status": "ok", "checks": {"read": "ok", "write": "ok"}}


def test_healthz_reports_a_broken_database(client, monkeypatch):
    """The health check answers 503 JSON naming the read check when the database does not answer."""
    from lms.core import health

    def broken(*args, **kwargs):
        raise OperationalError("SELECT 1", {}, Exception("connection refused"))

    monkeypatch.setattr(health, "read_row", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["checks"] == {"read": "failed", "write": "not_run"}


def test_healthz_with_an_unreachable_database_server(app_config):
    """A database that cannot be reached at all gives 503, not a crash."""
    from lms import create_app

    app_config = dict(app_config, SQLALCHEMY_DATABASE_URI="sqlite:////nonexistent/dir/x.db")
    app = create_app(app_config)
    with app.app_context():
        response = app.test_client().get("/healthz")
        db.engine.dispose()
    assert response.status_code == 503


def test_errors_under_api_are_json(client):
    """Paths under /api/ answer errors in JSON."""
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.is_json and response.json["error"] == "not_found"


def test_errors_elsewhere_are_pages(client):
    """Other paths answer errors with a page that offers a way home."""
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_unexpected_error_gives_a_500_page_without_a_traceback(app, client):
    """A crash shows a plain page, never a stack trace."""

    @app.get("/boom-test-only")
    def boom():
        raise RuntimeError("secret internals")

    response = client.get("/boom-test-only")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "problem with the service" in body and "secret internals" not in body


def test_oversized_body_is_refused(app, client):
    """Bodies over MAX_CONTENT_LENGTH get 413."""
    app.config["MAX_CONTENT_LENGTH"] = 1000
    token = csrf_token(client)
    response = client.post("/sign-in", data={"email": "a" * 5000, "csrf_token": token})
    assert response.status_code == 413


def test_wrong_method_gives_405(client):
    """GET on a POST-only route is refused."""
    assert client.get("/sign-out").status_code == 405
