"""The job queue down (Redis gone, a locked jobs file): requests answer, never a 500."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select

from lms.accounts.models import Person
from lms.extensions import db
from lms.outbox.models import PENDING, OutboxMessage
from tests.conftest import csrf_token

NOTHING_LISTENS = "redis://127.0.0.1:1/0"


@pytest.fixture
def app_config(app_config):
    """Jobs go to a Redis that is not there, queued for a worker rather than run at once."""
    app_config.update(JOBS_URL=NOTHING_LISTENS, JOBS_IMMEDIATE=False)
    return app_config


def _ask_for_reset(client, email: str):
    token = csrf_token(client, "/password/forgot")
    return client.post("/password/forgot", data={"email": email, "csrf_token": token})


def test_reset_with_the_queue_down_answers_the_503_outage_page(client, people):
    """The reset cannot be queued: the plain 503 page with Retry-After, never a 500."""
    response = _ask_for_reset(client, people["trainee"].email)
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
    assert "Try again in a minute" in response.get_data(as_text=True)


def test_reset_with_the_queue_down_answers_alike_for_any_address(client, people):
    """A real account and an unknown address get the same 503: nothing leaks."""
    real = _ask_for_reset(client, people["trainee"].email)
    unknown = _ask_for_reset(client, "nobody-here@example.org")
    assert real.status_code == unknown.status_code == 503
    assert real.get_data(as_text=True) == unknown.get_data(as_text=True)


def test_invitation_with_the_queue_down_is_saved_and_answers_success(client, login, people, caplog):
    """Queuing the delivery after commit fails: the invitation and its email stay saved, the
    answer is success, and a warning says the periodic pass will send it."""
    login("coordinator")
    with caplog.at_level(logging.WARNING, logger="lms.outbox.services"):
        response = client.post(
            "/invitations/new",
            data={
                "name": "New Person",
                "email": "newbie@example.org",
                "role": "trainee",
                "scheme": people["coordinator"].scheme_id,
                "csrf_token": csrf_token(client, "/invitations/new"),
            },
        )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.scalars(select(Person).where(Person.email == "newbie@example.org")).one()
    message = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.to_address == "newbie@example.org")
    ).one()
    assert message.status == PENDING and message.template == "invitation"
    assert any("periodic pass" in record.getMessage() for record in caplog.records)


def test_reset_with_the_jobs_file_locked_answers_503(app_config, tmp_path: Path):
    """A jobs.sqlite3 another process holds locked is a queue outage too: 503, not 500."""
    from lms import create_app, jobs

    path = tmp_path / "jobs.sqlite3"
    app = create_app(dict(app_config, JOBS_URL=f"sqlite:///{path}"))
    jobs.huey.storage.close()  # its next connection waits briefly for the lock
    jobs.huey.storage._timeout = 0.2
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        with app.app_context():
            client = app.test_client()
            response = _ask_for_reset(client, "someone@example.org")
    finally:
        holder.close()
        with app.app_context():
            db.engine.dispose()
    assert response.status_code == 503
    assert int(response.headers["Retry-After"]) > 0
