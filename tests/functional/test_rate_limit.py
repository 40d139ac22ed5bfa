"""The sign-in rate limit."""

from __future__ import annotations

import pytest

from tests.conftest import sign_in


@pytest.fixture
def app_config(app_config, request):
    app_config["RATELIMIT_SIGN_IN"] = "3 per minute"
    app_config.update(getattr(request, "param", {}))  # a test's own settings, if it gives any
    return app_config


def test_sign_in_attempts_are_rate_limited(client, people):
    """Too many attempts get a clear 429 page."""
    for _ in range(3):
        assert sign_in(client, people["trainee"].email, "wrong password here").status_code == 400
    response = sign_in(client, people["trainee"].email, "wrong password here")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
    assert "Retry-After" in response.headers


@pytest.mark.parametrize(
    "app_config", [{"RATELIMIT_STORAGE_URI": "redis://127.0.0.1:1/0"}], indirect=True
)  # nothing listens there
def test_limits_still_hold_in_memory_while_their_redis_is_down(client, people):
    """The limits' Redis down: sign-in still answers (no 500) and the per-client limit still
    trips, counted in each process's memory until Redis is back."""
    for _ in range(3):
        assert sign_in(client, people["trainee"].email, "wrong password here").status_code == 400
    response = sign_in(client, people["trainee"].email, "wrong password here")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)
