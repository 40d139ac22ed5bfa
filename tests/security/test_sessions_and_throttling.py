"""Sessions: a new cookie at sign-in, dead after sign-out. Sign-in throttling across two servers.

The throttling test starts two real app servers (separate processes, one database, one
SECRET_KEY) that keep their limits in Redis database 15, and spreads sign-in attempts over both.
"""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import csrf_token, sign_in
from tests.factories import PASSWORD
from tests.tools import missing

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/15"
HOW_TO_START_REDIS = (
    "Redis is not reachable at 127.0.0.1:6379. Start it with `redis-server --daemonize yes` "
    "(Debian: `apt-get install redis-server`, then `service redis-server start`). "
    "These tests run whenever Redis answers there; under CI a missing Redis fails them instead."
)


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("session", domain="lms.test")
    return cookie.value if cookie else None


def replay(app, cookie: str):
    """A brand-new client that sends only ``cookie``, as an attacker who copied it would."""
    other = app.test_client()
    other.set_cookie("session", cookie, domain="lms.test")
    return other.get("/trainee")


def test_the_session_cookie_changes_at_sign_in(app, client, people):
    """The cookie from before sign-in is not the signed-in one, and does not sign anyone in."""
    client.get("/sign-in")
    before = session_cookie(client)
    assert before
    assert sign_in(client, people["trainee"].email).status_code == 302
    after = session_cookie(client)
    assert after and after != before
    assert client.get("/trainee").status_code == 200
    response = replay(app, before)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_signing_out_kills_the_old_cookie_everywhere(app, client, people):
    """A cookie copied before sign-out sends its holder to the sign-in page afterwards."""
    assert sign_in(client, people["trainee"].email).status_code == 302
    copied = session_cookie(client)
    assert replay(app, copied).status_code == 200
    token = csrf_token(client, "/trainee")
    assert client.post("/sign-out", data={"csrf_token": token}).status_code == 302
    response = replay(app, copied)
    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


# ---------------------------------------------------------------------------------------------
# Two servers, one Redis


@pytest.fixture
def redis_db15() -> Iterator[None]:
    """Redis database 15, empty before and after; a skip (a failure in CI) without Redis."""
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        client.close()
        missing(HOW_TO_START_REDIS)
    client.flushdb()
    try:
        yield
    finally:
        client.flushdb()
        client.close()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server at {base} stopped:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    pytest.fail(f"the server at {base} did not start:\n{log.read_text()}")


@pytest.fixture
def two_servers(database_url, redis_db15, tmp_path) -> Iterator[list[str]]:
    """Two `flask run` processes sharing the test database, one secret and Redis db 15."""
    env = {
        **os.environ,
        "LMS_ENV": "production",
        "SECRET_KEY": "two-servers-one-secret-for-this-test-only",
        "AUDIT_KEY": "two-servers-one-audit-key-for-this-test-only",
        "DATABASE_URL": database_url,
        "RATELIMIT_STORAGE_URI": REDIS_URL,
        "RATELIMIT_SIGN_IN": "3 per minute",
        "MAIL_BACKEND": "dummy",
        "FLASK_SKIP_DOTENV": "1",
    }
    env.pop("FLASK_DEBUG", None)
    started: list[tuple[subprocess.Popen, object]] = []
    bases = []
    try:
        for name in ("a", "b"):
            port = free_port()
            log_path = tmp_path / f"server-{name}.log"
            log = log_path.open("w")
            command = [sys.executable, "-m", "flask", "--app", "lms", "run"]
            command += ["--host", "127.0.0.1", "--port", str(port), "--no-reload"]
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
            )
            started.append((process, log))
            bases.append(f"http://127.0.0.1:{port}")
            wait_until_up(bases[-1], process, log_path)
        yield bases
    finally:
        for process, log in started:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
            log.close()


class Browser:
    """One visitor with one cookie jar, talking to both servers (cookies are per host)."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, url: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(url, data=body, timeout=15) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            with error:
                return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def test_sign_in_throttling_holds_across_two_servers(people, two_servers):
    """With 3 attempts a minute, the 4th overall gets 429, whichever server answers it."""
    browser = Browser()
    status, page = browser.request(f"{two_servers[0]}/sign-in")
    assert status == 200
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    email = people["trainee"].email

    def attempt(base: str, password: str = "not the password") -> int:  # noqa: S107
        data = {"csrf_token": token, "email": email, "password": password}
        return browser.request(f"{base}/sign-in", data)[0]

    a, b = two_servers
    assert [attempt(a), attempt(b), attempt(a)] == [400, 400, 400]
    assert attempt(b) == 429
    assert attempt(a) == 429
    assert attempt(b, PASSWORD) == 429, "the right password must wait too"
