"""Credential timings for bench/inprocess.py: issuing (build + sign), checking, and the lists.

Run in the bench's app against its data: each certificate gets its credential signed (not
stored: the data set's certificates keep theirs), a signed credential is checked the way
``POST /credentials/verify`` checks it, and a status list is rebuilt and served.
"""

from __future__ import annotations

import statistics
import time

from sqlalchemy import select

from lms.certificates.models import Certificate
from lms.credentials import badges, checking, proofs, status_lists
from lms.extensions import db


def _median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def _time(call, runs: int) -> list[float]:
    """Seconds per call, the first (warm-up) dropped."""
    times = []
    for _ in range(runs + 1):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times[1:]


def credentials(app, runs: int = 20) -> dict:
    certs = db.session.scalars(select(Certificate).order_by(Certificate.id).limit(runs + 1)).all()
    signed: list[dict] = []
    issue_times = []
    for i, cert in enumerate(certs):
        started = time.perf_counter()
        signed.append(proofs.sign(badges.build(cert, i, i)))
        if i:
            issue_times.append(time.perf_counter() - started)
    check = _time(lambda: checking.check(db.session, signed[0]), runs)
    rebuild = _time(lambda: status_lists.regenerate(db.session, ("revocation",)), runs // 2)
    db.session.commit()
    served = _time(lambda: status_lists.served(db.session, "revocation"), runs)
    return {
        "runs": len(issue_times),
        "issue_median_ms": _median_ms(issue_times),
        "check_median_ms": _median_ms(check),
        "rebuild_median_ms": _median_ms(rebuild),
        "served_median_ms": _median_ms(served),
    }
