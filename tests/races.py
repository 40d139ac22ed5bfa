"""Run jobs in threads at the same moment, each in its own app context and session, for the
PostgreSQL race tests: each job's outcome is "ok" (committed) or what ``refused`` makes of the
domain error that rolled it back."""

from __future__ import annotations

import threading
from collections.abc import Callable

from lms.domain import DomainError
from lms.extensions import db


def race(app, jobs: list[Callable[[], None]], refused: Callable[[DomainError], str]) -> list[str]:
    """Start every job together; collect "ok" or ``refused(error)`` for each, in finishing order."""
    barrier = threading.Barrier(len(jobs))
    outcomes: list[str] = []

    def run(job: Callable[[], None]) -> None:
        with app.app_context():
            barrier.wait()
            try:
                job()
                db.session.commit()
                outcomes.append("ok")
            except DomainError as exc:
                db.session.rollback()
                outcomes.append(refused(exc))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes
