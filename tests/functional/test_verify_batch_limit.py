"""Batch verification counts every number against the per-client verification budget."""

from __future__ import annotations

import pytest

from lms.api.keys import create_key
from lms.extensions import db


@pytest.fixture
def app_config(app_config):
    app_config["RATELIMIT_VERIFY"] = "10 per minute"
    return app_config


@pytest.fixture
def headers(people):
    _, plain = create_key(db.session, people["coordinator"], people["coordinator"].scheme, "CRM")
    db.session.commit()
    return {"Authorization": f"Bearer {plain}"}


def _batch(client, headers, size):
    numbers = [f"PM-0000-0000-{i}" for i in range(size)]
    return client.post("/api/v1/certificates/verify", json={"numbers": numbers}, headers=headers)


def test_a_batch_larger_than_what_is_left_gets_429(client, headers):
    """With 10 checks a minute, a batch of 8 passes and a batch of 3 after it is refused."""
    assert _batch(client, headers, 8).status_code == 200
    refused = _batch(client, headers, 3)
    assert refused.status_code == 429 and refused.json["error"] == "rate_limited"
    assert "each number in a batch counts" in refused.json["message"]
    assert "Retry-After" in refused.headers


def test_single_checks_after_a_batch_share_the_budget(client, headers):
    """A batch of 8 leaves two single checks, on the page or the API; the third is 429."""
    assert _batch(client, headers, 8).status_code == 200
    assert client.get("/api/v1/certificates/PM-0000-0000-X").status_code == 404
    assert client.get("/verify/PM-0000-0000-X").status_code == 404  # unknown, not limited
    assert client.get("/api/v1/certificates/PM-0000-0000-X").status_code == 429


def test_a_batch_of_the_whole_budget_is_one_call(client, headers):
    """A batch may use the whole budget at once, and then nothing is left."""
    assert _batch(client, headers, 10).status_code == 200
    assert _batch(client, headers, 1).status_code == 429
