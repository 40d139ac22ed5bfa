"""While the database cannot be reached: a plain 503 page (JSON under /api/), never a bare 500.

The signed-in person's cookie is replayed to a second app with the same secret whose database
cannot be reached: a SQLite file in a directory that does not exist, or a PostgreSQL port
nobody listens on (connection refused), whichever database the suite runs on.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask

from lms import create_app
from lms.extensions import db
from lms.outage import UNAVAILABLE_TEXT
from tests.security.test_headers_everywhere import header_problems
from tests.security.test_sessions_and_throttling import free_port

UNKNOWN = "PM-ABCD-EFGH-"


def unreachable_urls() -> list[str]:
    return [
        "sqlite:////nonexistent/directory/lms.sqlite3",
        f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test",
    ]


@pytest.fixture(params=unreachable_urls(), ids=["sqlite", "postgresql"])
def down_app(request, app_config: dict) -> Iterator[Flask]:
    """The same site (same secret) with a database that cannot be reached."""
    down = create_app(dict(app_config, SQLALCHEMY_DATABASE_URI=request.param))
    yield down
    with down.app_context():
        db.engine.dispose()


def signed_in_cookie(client, email: str) -> str:
    from tests.conftest import sign_in

    assert sign_in(client, email).status_code == 302
    return client.get_cookie("session", domain="lms.test").value


def assert_plain_unavailable_page(response) -> None:
    html = response.get_data(as_text=True)
    assert response.status_code == 503, html[:500]
    assert response.mimetype == "text/html"
    assert "Sorry, the service is unavailable" in html and UNAVAILABLE_TEXT in html
    assert "Signed in as" not in html and "Sign out" not in html
    assert int(response.headers["Retry-After"]) > 0
    assert header_problems(response.headers) == []


@pytest.mark.parametrize("path", ["/trainee", "/", "/no-such-page"])
def test_signed_in_people_get_a_plain_503_page_while_the_database_is_down(
    client, people, down_app, path
):
    """A signed-in person's page (even a 404) is a 503 page that needs no database, with
    Retry-After and every security header, not the server's bare error."""
    cookie = signed_in_cookie(client, people["trainee"].email)
    other = down_app.test_client()
    other.set_cookie("session", cookie, domain="lms.test")
    with down_app.app_context():
        assert_plain_unavailable_page(other.get(path))


def test_certificate_checks_answer_503_while_the_database_is_down(down_app):
    """The public check page answers the plain 503 page; the API answers 503 JSON."""
    from lms.certificates import number as numbers

    number = UNKNOWN + numbers.check_symbol("ABCDEFGH")
    client = down_app.test_client()
    with down_app.app_context():
        assert_plain_unavailable_page(client.get(f"/verify/{number}"))
        response = client.get(f"/api/v1/certificates/{number}")
    assert response.status_code == 503 and response.is_json
    assert response.json == {"error": "unavailable", "message": UNAVAILABLE_TEXT}
    assert int(response.headers["Retry-After"]) > 0
    assert header_problems(response.headers) == []


def test_health_check_answers_503_naming_the_read_check_while_the_database_is_down(down_app):
    """/healthz names the read check as failed when the database cannot be reached."""
    with down_app.app_context():
        response = down_app.test_client().get("/healthz")
    assert response.status_code == 503
    checks = {"read": "failed", "write": "not_run"}
    assert response.json == {"status": "unavailable", "checks": checks}
