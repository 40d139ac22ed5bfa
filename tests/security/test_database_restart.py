"""A PostgreSQL restart under load: 503 while it is down, and every path recovers by itself.

The app runs under gunicorn (2 workers, as in production) on a cluster of the test's own
(tests/security/private_postgres.py). Threads keep asking for a certificate's page, the API
check, /healthz and a signed-in page while the cluster is stopped for two seconds and started
again; the pools in both workers hold connections the restart killed.
"""

from __future__ import annotations

import re
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from lms import create_app
from lms.accounts.models import Role
from lms.certificates import services
from lms.extensions import db
from lms.ukdates import uk_today
from tests.factories import PASSWORD, make_definition, make_eligible, make_person, make_scheme
from tests.security.private_postgres import PrivateCluster, private_cluster  # noqa: F401
from tests.security.test_sessions_and_throttling import Browser, free_port, wait_until_up

ROOT = Path(__file__).resolve().parents[2]
DOWN_SECONDS = 2.0
RECOVERY_SECONDS = 5.0
WATCH_AFTER_RECOVERY = 2.0


def seed(url: str) -> str:
    """Migrate the private database and issue one certificate; its number."""
    from flask_migrate import upgrade

    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "MIGRATIONS_DIR": str(ROOT / "migrations"),
        }
    )
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        scheme = make_scheme()
        trainer = make_person("trainer@example.org", "Tia Trainer", [Role.TRAINER], scheme)
        coordinator = make_person("coord@example.org", "Cy Coord", [Role.COORDINATOR], scheme)
        trainee = make_person("trainee@example.org", "Sam Taylor", [Role.TRAINEE], scheme)
        definition = make_definition()
        make_eligible(trainee, trainer, coordinator)
        settings = services.IssueSettings(base_url="http://127.0.0.1")
        cert = services.issue(db.session, trainer, trainee, definition, settings, today=uk_today())
        db.session.commit()
        number = cert.number
        db.session.remove()
        db.engine.dispose()
    return number


@pytest.fixture
def served(private_cluster: PrivateCluster, tmp_path: Path) -> Iterator[tuple[str, str]]:  # noqa: F811
    """gunicorn with 2 workers on the private cluster: (base URL, certificate number)."""
    number = seed(private_cluster.url)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {
        "PATH": "/usr/bin:/bin",
        "LMS_ENV": "production",
        "SECRET_KEY": "database-restart-test-only",
        "AUDIT_KEY": "database-restart-test-audit-key-only",
        "DATABASE_URL": private_cluster.url,
        "BASE_URL": base,
        "MAIL_BACKEND": "dummy",
        "RATELIMIT_VERIFY": "100000 per minute",
        "RATELIMIT_SIGN_IN": "1000 per minute",
        "FLASK_SKIP_DOTENV": "1",
    }
    log_path = tmp_path / "gunicorn.log"
    with log_path.open("w") as log:
        command = [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}"]
        command += ["--timeout", "30", "lms:create_app()"]
        process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
        try:
            wait_until_up(base, process, log_path)
            yield base, number
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


@dataclass(frozen=True)
class Answer:
    path: str
    started: float
    finished: float
    status: int | str  # a status code, or the name of the error when nothing came back


class Load:
    """One thread per path, each asking again as soon as it has its answer."""

    def __init__(self, base: str, paths: dict[str, Browser]) -> None:
        self.base = base
        self.paths = paths
        self.answers: list[Answer] = []
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._threads = [
            threading.Thread(target=self._ask, args=(path, browser), daemon=True)
            for path, browser in paths.items()
        ]

    def _ask(self, path: str, browser: Browser) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            try:
                status: int | str = browser.request(self.base + path)[0]
            except OSError as error:  # refused, reset, timed out: the server failed us
                status = type(error).__name__
            with self._lock:
                self.answers.append(Answer(path, started, time.monotonic(), status))
            time.sleep(0.02)

    def __enter__(self) -> Load:
        for thread in self._threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=20)

    def wait_for_all_ok(self, since: float, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                ok = {a.path for a in self.answers if a.started >= since and a.status == 200}
            if ok == set(self.paths):
                return
            time.sleep(0.05)


def signed_in_browser(base: str) -> Browser:
    browser = Browser()
    status, page = browser.request(f"{base}/sign-in")
    assert status == 200
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    data = {"csrf_token": token, "email": "trainee@example.org", "password": PASSWORD}
    assert browser.request(f"{base}/sign-in", data)[0] == 302
    assert browser.request(f"{base}/trainee")[0] == 200
    return browser


def test_every_path_recovers_by_itself_after_a_database_restart(private_cluster, served):  # noqa: F811
    """While PostgreSQL is down each path answers 503 (never 500); within 5 s of it being back,
    200 again, with no app server restarted."""
    base, number = served
    paths = {
        f"/verify/{number}": Browser(),
        f"/api/v1/certificates/{number}": Browser(),
        "/healthz": Browser(),
        "/trainee": signed_in_browser(base),
    }
    with Load(base, paths) as load:
        load.wait_for_all_ok(time.monotonic(), timeout=10)
        time.sleep(0.5)  # both workers now hold pooled connections on every path
        private_cluster.stop()
        down = time.monotonic()
        time.sleep(DOWN_SECONDS)
        starting = time.monotonic()
        private_cluster.start()
        back = time.monotonic()
        load.wait_for_all_ok(back, timeout=RECOVERY_SECONDS + 5)
        time.sleep(WATCH_AFTER_RECOVERY)
    answers = load.answers

    failures = [a for a in answers if a.status not in (200, 503)]
    assert not failures, f"answers other than 200 or 503: {failures[:10]}"
    for path in paths:
        mine = [a for a in answers if a.path == path]
        while_down = [a.status for a in mine if a.started > down and a.finished < starting]
        assert while_down and set(while_down) == {503}, f"{path} while down: {while_down}"
        after = [a for a in mine if a.started >= back]
        first_ok = next((a for a in after if a.status == 200), None)
        assert first_ok is not None, f"{path} never answered 200 again: {after[-5:]}"
        assert first_ok.finished - back <= RECOVERY_SECONDS, f"{path} took too long"
        later = [a.status for a in after if a.started > first_ok.finished]
        assert later and set(later) == {200}, f"{path} after recovering: {later}"


def drop_every_connection(url: str) -> None:
    """Terminate every server process of this database (other than ours), as a restart does."""
    import psycopg
    from sqlalchemy.engine import make_url

    parts = make_url(url)
    dsn = f"host={parts.host} port={parts.port or 5432} user={parts.username}"
    dsn += f" dbname={parts.database}"
    others = "datname = current_database() AND pid <> pg_backend_pid()"
    with psycopg.connect(dsn, autocommit=True) as admin:
        admin.execute(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE {others}")  # noqa: S608
        deadline = time.monotonic() + 5
        while admin.execute(f"SELECT count(*) FROM pg_stat_activity WHERE {others}").fetchone()[0]:  # noqa: S608
            assert time.monotonic() < deadline, "the server processes did not end"
            time.sleep(0.02)


@pytest.mark.postgres_only(reason="drops the server's connections, as a PostgreSQL restart does")
def test_both_pools_replace_connections_the_server_dropped(app, client, login, database_url):
    """After the server drops every connection (both pools hold some), the very next signed-in
    page, certificate check and health check all work: no request pays with an error."""
    from lms.certificates import number as numbers

    login("trainee")
    unknown = f"/verify/PM-ABCD-EFGH-{numbers.check_symbol('ABCDEFGH')}"
    api = f"/api/v1/certificates/PM-ABCD-EFGH-{numbers.check_symbol('ABCDEFGH')}"
    expected = {"/trainee": 200, unknown: 404, api: 404, "/healthz": 200}
    assert {path: client.get(path).status_code for path in expected} == expected
    db.session.remove()  # the test's own connection goes back to the pool, to be dropped too
    drop_every_connection(database_url)
    assert {path: client.get(path).status_code for path in expected} == expected


@pytest.mark.postgres_only(reason="drops the server's connections, as a PostgreSQL restart does")
def test_a_request_whose_connection_died_after_the_view_still_ends_cleanly(app, database_url):
    """The end-of-request rollback on a connection the server dropped does not raise (it would
    turn a finished answer into the server's bare 500), and the next request reconnects."""
    from sqlalchemy import text

    from lms.outage import close_session

    db.session.execute(text("SELECT 1"))  # a transaction open on a pooled connection
    drop_every_connection(database_url)
    close_session()
    assert db.session.execute(text("SELECT 1")).scalar() == 1
