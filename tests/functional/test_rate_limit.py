"""The sign-in rate limit."""

from __future__ import annotations

import pytest

from tests.conftest import sign_in


@pytest.fixture
def app_config(app_config):
    app_config["RATELIMIT_SIGN_IN"] = "3 per minute"
    return app_config


def test_sign_in_attempts_are_rate_limited(client, people):
    """Too many attempts get a clear 429 page."""
    for _ in range(3):
        assert sign_in(client, people["trainee"].email, "wrong password here").status_code == 200
    response = sign_in(client, people["trainee"].email, "wrong password here")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert "Retry-After" in response.headers
