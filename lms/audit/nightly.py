"""The nightly check of the audit trail, as a huey periodic task; each run is recorded."""

from __future__ import annotations

import logging

from huey import crontab

from lms.audit.runs import JOB, record_run
from lms.audit.services import verify_trail
from lms.extensions import db
from lms.jobs import periodic_task

log = logging.getLogger(__name__)


def check_trail() -> bool:
    """Check the chain and its checkpoints, record the run, commit; True when all is well."""
    report = verify_trail(db.session)
    record_run(db.session, report, JOB)
    db.session.commit()
    if not report.ok:
        log.error("Audit trail check failed: %s", "; ".join(report.problems()))
    return report.ok


@periodic_task(crontab(hour="2", minute="30"))
def nightly_audit_check() -> None:
    """Every night at 02:30 UTC."""
    check_trail()
