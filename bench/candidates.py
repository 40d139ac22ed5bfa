"""Candidate timings for bench/inprocess.py: the matching gate and ranking for one mentee among
its scheme's mentors, and (run last: it commits) among every mentor moved into one scheme.
"""

from __future__ import annotations

import statistics
import time

from sqlalchemy import func, select

from bench.inprocess import percentile
from lms.extensions import db


def _timed(call, runs: int) -> list[float]:
    """Seconds per call, each in a fresh session as a request has; the first (warm-up) dropped."""
    times = []
    for _ in range(runs + 1):
        db.session.remove()
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    db.session.remove()
    return times[1:]


def _summary(times: list[float]) -> dict:
    return {"p50_ms": statistics.median(times) * 1000, "p95_ms": percentile(times, 0.95) * 1000}


def candidates(app, runs: int = 20) -> dict:
    """Candidates for one mentee among its own scheme's mentors (``ranking.candidates``)."""
    from lms.matching.matches import ranking
    from lms.matching.models import Mentee
    from lms.ukdates import uk_today

    fx_mentee = db.session.scalar(select(func.min(Mentee.id)))
    today, size = uk_today(), [0]

    def call() -> None:
        found = ranking.candidates(db.session, db.session.get(Mentee, fx_mentee), today)
        size[0] = found.eligible_page.total + found.blocked_page.total

    return {"mentors": None, **_summary(_timed(call, runs)), "scheme_mentors": size[0]}


def one_scheme(app, runs: int = 20) -> dict:
    """Every trainee account moved into the first mentee's scheme (committed: run this last),
    then the candidates for that mentee and that scheme's dashboard, timed in-process."""
    from sqlalchemy import update

    from lms.accounts.models import Person, PersonRole
    from lms.matching.dashboard import services as board
    from lms.matching.matches import ranking
    from lms.matching.models import Mentee
    from lms.scale.generate import analyse
    from lms.ukdates import uk_today

    fx_mentee = db.session.scalar(select(func.min(Mentee.id)))
    scheme_id = db.session.get(Mentee, fx_mentee).scheme_id
    trainees = select(PersonRole.person_id).where(PersonRole.role == "trainee")
    db.session.execute(update(Person).where(Person.id.in_(trainees)).values(scheme_id=scheme_id))
    db.session.commit()
    analyse(db.session)  # as seed-scale does after its bulk load
    today, size = uk_today(), [0]

    def call() -> None:
        found = ranking.candidates(db.session, db.session.get(Mentee, fx_mentee), today)
        size[0] = found.eligible_page.total + found.blocked_page.total

    found = _summary(_timed(call, runs))
    dashboard = _summary(_timed(lambda: board.dashboard(db.session, scheme_id, today), runs // 2))
    return {"mentors": size[0], "candidates": found, "dashboard": dashboard}
