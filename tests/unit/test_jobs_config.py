"""The job queue's settings: a SQLite file by default, Redis when JOBS_URL names it."""

from __future__ import annotations

import pytest
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from lms import jobs
from lms.config import ConfigError, load_config


def test_jobs_wait_in_a_sqlite_file_under_instance_by_default(monkeypatch):
    """Without JOBS_URL the queue is instance/jobs.sqlite3, and tests run jobs at once."""
    monkeypatch.delenv("JOBS_URL", raising=False)
    config = load_config({"TESTING": True})
    assert config["JOBS_URL"].endswith("/instance/jobs.sqlite3")
    assert config["JOBS_IMMEDIATE"] is True


def test_a_jobs_url_typo_is_caught_at_start_up(monkeypatch):
    """JOBS_URL must name SQLite or Redis; anything else stops the app with a message."""
    monkeypatch.setenv("JOBS_URL", "amqp://localhost")
    with pytest.raises(ConfigError, match="JOBS_URL"):
        load_config({"TESTING": True})


class _App:
    def __init__(self, **config):
        self.config = config


def test_the_queue_follows_the_settings(tmp_path):
    """A redis:// URL gives a Redis queue, a sqlite:/// URL a SQLite one, immediate mode memory."""
    try:
        jobs.init_app(
            _App(JOBS_URL="redis://127.0.0.1:6379/3", JOBS_QUEUE="a", JOBS_IMMEDIATE=False)
        )
        assert isinstance(jobs.huey.storage, RedisStorage) and jobs.huey.name == "a"
        url = f"sqlite:///{tmp_path / 'sub' / 'jobs.sqlite3'}"
        jobs.init_app(_App(JOBS_URL=url, JOBS_QUEUE="b", JOBS_IMMEDIATE=False))
        assert isinstance(jobs.huey.storage, SqliteStorage)
        assert (tmp_path / "sub" / "jobs.sqlite3").exists()
    finally:
        jobs.init_app(_App(JOBS_URL="sqlite:///unused", JOBS_QUEUE="lms", JOBS_IMMEDIATE=True))
    assert isinstance(jobs.huey.storage, MemoryStorage) and jobs.huey.immediate
