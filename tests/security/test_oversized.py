"""Bodies over MAX_CONTENT_LENGTH are refused with 413 before anything reads them."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token
from tests.security.support import api_key_for, count_changes, table_counts


@pytest.fixture
def too_big(app) -> bytes:
    """One byte over the limit the app is configured with (1 MiB unless the environment says)."""
    return b"a" * (app.config["MAX_CONTENT_LENGTH"] + 1)


def test_an_oversized_form_is_refused_with_413(client, people, too_big):
    """A form post over the limit gets the 413 page, with a valid CSRF token or without one."""
    token = csrf_token(client)
    before = table_counts()
    for body in (b"csrf_token=" + token.encode() + b"&email=" + too_big, too_big):
        response = client.post(
            "/sign-in", data=body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code == 413
        assert "Too much data" in response.get_data(as_text=True)
        assert "Content-Security-Policy" in response.headers
    assert count_changes(before, table_counts()) == {}


def test_an_oversized_multipart_form_is_refused_with_413(client, login, too_big):
    """The same for a multipart body, as a signed-in trainee logging practice."""
    login("trainee")
    token = csrf_token(client, "/practice/new")
    boundary = "security-test-boundary"
    parts = [("csrf_token", token.encode()), ("reflection", too_big)]
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
        + value
        + b"\r\n"
        for name, value in parts
    )
    body += f"--{boundary}--\r\n".encode()
    response = client.post(
        "/practice/new", data=body, content_type=f"multipart/form-data; boundary={boundary}"
    )
    assert response.status_code == 413


def test_an_oversized_json_body_is_refused_with_413_json(client, people, too_big):
    """The scheme API answers 413 in JSON, with a live key, and stores nothing."""
    headers = {"Authorization": f"Bearer {api_key_for(people['coordinator'])}"}
    before = table_counts()
    body = b'{"numbers": ["' + too_big + b'"]}'
    response = client.post(
        "/api/v1/certificates/verify", data=body, headers=headers, content_type="application/json"
    )
    assert response.status_code == 413
    assert response.is_json and response.json["error"] == "too_large"
    assert count_changes(before, table_counts()) == {}
