"""Jobs on a real queue: a huey_consumer process delivers mail, and password reset leaks nothing."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.extensions import db
from lms.jobs import huey
from lms.outbox.models import PENDING, SENT, OutboxMessage
from tests.smtp_relay import RelayServer, mail_server_on_free_port, smtp_settings
from tests.tools import missing

ROOT = Path(__file__).resolve().parents[2]
REDIS = "redis://127.0.0.1:6379/0"


@pytest.fixture
def mail_server() -> Iterator[RelayServer]:
    yield from mail_server_on_free_port()


@pytest.fixture
def app_config(app_config, mail_server, jobs_url):
    """Jobs wait in a real queue (not run at once); mail goes by SMTP to a local port."""
    app_config.update(
        smtp_settings(mail_server.port),
        JOBS_IMMEDIATE=False,
        JOBS_URL=jobs_url,
        JOBS_QUEUE=f"test-{uuid.uuid4().hex[:12]}",
        WTF_CSRF_ENABLED=False,
    )
    return app_config


def _run_queued_jobs() -> int:
    """Run every job waiting in the queue here, as a worker would; return how many ran."""
    ran = 0
    while (job := huey.dequeue()) is not None:
        huey.execute(job)
        ran += 1
    return ran


def _messages() -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def _forgot(client, email: str) -> tuple[int, str, float]:
    start = time.perf_counter()
    response = client.post("/password/forgot", data={"email": email})
    took = time.perf_counter() - start
    return response.status_code, response.get_data(as_text=True).replace(email, "EMAIL"), took


def test_reset_answers_the_same_in_the_same_time_for_real_and_unknown_emails(client, people):
    """Mail down: a real and an unknown email get the same status, page and (median) time."""
    real, unknown = people["trainee"].email, "nobody-here@example.org"
    for _ in range(3):  # warm up both paths (templates, statements, the queue's file)
        _forgot(client, real)
        _forgot(client, unknown)
    times: dict[str, list[float]] = {real: [], unknown: []}
    answers: dict[str, set[tuple[int, str]]] = {real: set(), unknown: set()}
    for _ in range(20):
        for email in (real, unknown):
            status, body, took = _forgot(client, email)
            answers[email].add((status, body))
            times[email].append(took)
    assert answers[real] == answers[unknown]
    ((status, _body),) = answers[real]
    assert status == 200
    fast, slow = sorted(statistics.median(t) for t in times.values())
    assert slow - fast <= max(0.2 * slow, 0.002), (fast, slow)
    assert _messages() == []  # the request itself looked nothing up and wrote nothing
    assert _run_queued_jobs() >= 46
    messages = _messages()
    assert {m.to_address for m in messages} == {real} and len(messages) == 23
    assert {m.status for m in messages} == {PENDING}  # the mail server is still down


def _consumer(app_config: dict, log) -> subprocess.Popen:
    env = {
        **os.environ,
        "LMS_ENV": "production",
        "SECRET_KEY": app_config["SECRET_KEY"],
        "AUDIT_KEY": "outbox-worker-test-audit-key-only",
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "JOBS_URL": app_config["JOBS_URL"],
        "JOBS_QUEUE": app_config["JOBS_QUEUE"],
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": str(app_config["MAIL_PORT"]),
        "BASE_URL": "https://lms.test",
    }
    command = [
        *(sys.executable, "-m", "huey.bin.huey_consumer", "lms.worker.huey"),
        *("--workers", "1", "--worker-type", "thread", "--max-delay", "0.2", "--no-periodic"),
    ]
    return subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
        command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT
    )


def _delivered_by_a_worker_process(app, people, mail_server, tmp_path) -> None:
    relay = mail_server.start()
    log_path = tmp_path / "consumer.log"
    with log_path.open("w") as log:
        _deliver_through(app, people, relay, _consumer(app.config, log), log_path)


def _deliver_through(app, people, relay, worker: subprocess.Popen, log: Path) -> None:
    from lms.mail import send

    try:
        send(people["trainee"].email, "Sent by the worker", "password_reset",
             person=people["trainee"], link="https://lms.test/x", hours=2)  # fmt: skip
        db.session.commit()  # the commit queues the delivery job
        received = relay.wait_for(1, seconds=30)
        assert [str(m["Subject"]) for m in received] == ["Sent by the worker"], log.read_text()
        deadline = time.monotonic() + 10
        while _messages()[0].status != SENT and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _messages()[0].status == SENT
    finally:
        worker.terminate()
        worker.wait(15)
        huey.storage.flush_all()


def test_a_consumer_process_delivers_from_the_sqlite_queue(app, people, mail_server, tmp_path):
    """A real huey_consumer reading the default SQLite queue sends a committed message."""
    _delivered_by_a_worker_process(app, people, mail_server, tmp_path)


@pytest.fixture
def redis_jobs() -> str:
    """Redis at 127.0.0.1:6379 for the queue; a skip without it (a failure under CI)."""
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        message = "Redis is not reachable at 127.0.0.1:6379 (redis-server --daemonize yes)"
        missing(message)
    return REDIS


@pytest.fixture
def jobs_url(request, tmp_path) -> str:
    """Where jobs wait: a SQLite file of the test's own, or Redis for the Redis test."""
    if "redis" in request.node.name:
        return request.getfixturevalue("redis_jobs")
    return f"sqlite:///{tmp_path / 'jobs.sqlite3'}"


def test_a_consumer_process_delivers_from_the_redis_queue(app, people, mail_server, tmp_path):
    """A real huey_consumer reading a Redis queue (several machines) sends a committed message."""
    assert app.config["JOBS_URL"].startswith("redis://")
    _delivered_by_a_worker_process(app, people, mail_server, tmp_path)
