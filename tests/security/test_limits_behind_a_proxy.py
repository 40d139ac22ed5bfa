"""Rate limits key on the real client behind a proxy (TRUSTED_PROXIES), never on a forged header."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pytest

from tests.conftest import csrf_token
from tests.factories import PASSWORD
from tests.security.servers import Client, Gunicorn, Nginx

LIMIT = "3 per minute"


@pytest.fixture
def proxied(database_url, people, tmp_path) -> Iterator[int]:
    """gunicorn (TRUSTED_PROXIES=1) behind nginx, both with the shipped configuration."""
    app = Gunicorn(tmp_path, database_url, TRUSTED_PROXIES="1", RATELIMIT_SIGN_IN=LIMIT)
    try:
        proxy = Nginx(tmp_path, app.port)
        try:
            yield proxy.port
        finally:
            proxy.stop()
    finally:
        app.stop()


def _sign_in(client: Client, email: str, password: str, forged: str | None = None) -> int:
    token = client.csrf_token()
    body = urlencode({"csrf_token": token, "email": email, "password": password})
    headers = {"X-Forwarded-For": forged} if forged else {}
    return client.request("POST", "/sign-in", body, headers).status


def test_one_clients_wrong_sign_ins_do_not_lock_out_another_behind_nginx(proxied, people):
    """Through nginx, the client that keeps failing gets 429 (forged X-Forwarded-For or not)
    while a client from another address still signs in."""
    attacker = Client(proxied, source="127.0.0.2", tls=True)
    statuses = [
        _sign_in(attacker, f"guess{i}@example.org", "wrong password", forged=f"203.0.113.{i}")
        for i in range(4)
    ]
    assert statuses == [400, 400, 400, 429]
    mentor = Client(proxied, source="127.0.0.3", tls=True)
    assert _sign_in(mentor, people["trainee"].email, PASSWORD) == 302


@pytest.fixture
def app_config(app_config):
    app_config["RATELIMIT_SIGN_IN"] = LIMIT
    return app_config


def test_with_no_trusted_proxy_a_forged_forwarded_for_changes_nothing(client, people):
    """TRUSTED_PROXIES=0 (the default): X-Forwarded-For is ignored, so forging a new one on
    every attempt does not escape the per-client limit."""
    assert client.application.config["TRUSTED_PROXIES"] == 0
    statuses = []
    for i in range(4):
        token = csrf_token(client)
        data = {"csrf_token": token, "email": f"guess{i}@example.org", "password": "wrong"}
        headers = {"X-Forwarded-For": f"203.0.113.{i}"}
        statuses.append(client.post("/sign-in", data=data, headers=headers).status_code)
    assert statuses == [400, 400, 400, 429]


def test_with_one_trusted_proxy_the_limit_follows_the_forwarded_address(app, people):
    """TRUSTED_PROXIES=1: the address the proxy put last in X-Forwarded-For is the client."""
    from lms import create_app
    from lms.extensions import db

    behind_proxy = create_app({**app.config, "TRUSTED_PROXIES": 1})
    client = behind_proxy.test_client()

    def attempt(forwarded: str, email: str) -> int:
        token = csrf_token(client)
        data = {"csrf_token": token, "email": email, "password": "wrong"}
        return client.post(
            "/sign-in", data=data, headers={"X-Forwarded-For": forwarded}
        ).status_code

    try:
        # The client's own forged entry comes first; the proxy appends the real address.
        statuses = [attempt(f"198.51.100.{i}, 192.0.2.7", f"g{i}@example.org") for i in range(4)]
        assert statuses == [400, 400, 400, 429]
        assert attempt("192.0.2.8", "other@example.org") == 400
    finally:
        with behind_proxy.app_context():
            db.engine.dispose()
