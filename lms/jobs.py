"""The Huey job queue: a SQLite file by default, Redis (``JOBS_URL=redis://``) for many machines.

Tasks are declared with ``task`` and ``periodic_task`` below, which run them inside a Flask app
context: the caller's when the queue runs jobs at once (tests, ``JOBS_IMMEDIATE``), otherwise
the worker's app (``lms/worker.py``), in a request context for ``BASE_URL`` so that links built
with ``url_for(..., _external=True)`` point at the public site.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask, has_app_context
from huey import Huey
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from lms.outage import DatabaseUnavailable

# What the queue's stores raise when they cannot take a job just now: Redis unreachable or
# too slow, the jobs file locked by another process, unreadable, or on a full disk.
QUEUE_DOWN = (RedisConnectionError, RedisTimeoutError, sqlite3.OperationalError)


class QueueUnavailable(DatabaseUnavailable):
    """The job queue cannot take a job just now: answered like a database outage (503)."""


class SiteHuey(Huey):
    """Huey whose enqueue says ``QueueUnavailable`` when its store is down, whatever the store."""

    def enqueue(self, task: Any) -> Any:
        try:
            return super().enqueue(task)
        except QUEUE_DOWN as error:
            if self.immediate:  # the job itself ran here and failed: not the queue's doing
                raise
            raise QueueUnavailable() from error


# Configured from the app's settings in ``init_app``; until then jobs go nowhere useful.
huey = SiteHuey("lms", results=False, utc=True, storage_class=MemoryStorage)

_configured: tuple[str, str, bool] | None = None
_worker_app: Flask | None = None


def init_app(app: Flask) -> None:
    """Point the queue at ``JOBS_URL``, or run jobs at once when ``JOBS_IMMEDIATE`` is on."""
    global _configured
    wanted = (app.config["JOBS_URL"], app.config["JOBS_QUEUE"], bool(app.config["JOBS_IMMEDIATE"]))
    if wanted == _configured:
        return
    url, name, immediate = wanted
    huey.name = name
    if url.startswith(("redis://", "rediss://")):
        huey.storage_class, huey.storage_kwargs = RedisStorage, {"url": url}
    else:
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        huey.storage_class, huey.storage_kwargs = SqliteStorage, {"filename": str(path)}
    previous = huey.storage
    huey.immediate = immediate
    huey.storage = huey.create_storage()
    if previous is not huey.storage and hasattr(previous, "close"):
        previous.close()
    _configured = wanted


def use_app(app: Flask) -> None:
    """Run queued jobs in ``app`` (the worker process calls this once)."""
    global _worker_app
    _worker_app = app


def _in_app(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def run(*args: Any, **kwargs: Any) -> Any:
        if has_app_context():
            return fn(*args, **kwargs)
        if _worker_app is None:
            # The queue sits below the app it serves: the worker's entry point hands it the app.
            raise RuntimeError(
                "No app to run this job in: start the worker with "
                "huey_consumer lms.worker.huey, which builds it and calls use_app()."
            )
        with _worker_app.test_request_context(base_url=_worker_app.config["BASE_URL"]):
            return fn(*args, **kwargs)

    return run


def task(**options: Any):
    """A Huey task that runs inside the app."""

    def decorate(fn: Callable[..., Any]):
        return huey.task(**options)(_in_app(fn))

    return decorate


def periodic_task(validate_datetime: Callable[..., bool], **options: Any):
    """A Huey periodic task that runs inside the app."""

    def decorate(fn: Callable[..., Any]):
        return huey.periodic_task(validate_datetime, **options)(_in_app(fn))

    return decorate
