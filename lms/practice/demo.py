"""Demo practice log: confirmed sessions (one a passed observation), one waiting, one sent back."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.db import utcnow
from lms.practice import services
from lms.practice.checklist import OBSERVATION_CHECKLIST, PASSED
from lms.practice.models import PracticeEntry
from lms.ukdates import uk_today

REFLECTION = (
    "I met the mentee at the gate with {trainer} and we went to the probation office together. "
    "I listened more than I talked and asked open questions about what mattered to him today. "
    "I kept to what we had agreed about contact details. Next time I will check the bus times "
    "before we set off, because we nearly missed the appointment."
)

# (days ago, minutes, kind, where, what happens to it)
DEMO_SESSIONS = [
    (40, 180, "shadowing", "Prison gate and probation office", "confirm"),
    (30, 150, "co_worked", "Community cafe, town centre", "confirm"),
    (21, 120, "observed", "Housing office", "sign_off"),
    (12, 90, "shadowing", "Jobcentre", "reject"),
    (5, 120, "co_worked", "Library meeting room", "leave"),
]
REJECTION = "The date does not match our rota for that week. Check the date and send it again."


def seed_practice(session: Session, trainee: Person, trainer: Person) -> None:
    """Give the demo trainee a practice log, once: if they have any entries, nothing changes."""
    exists = session.scalar(
        select(PracticeEntry.id).where(PracticeEntry.person_id == trainee.id).limit(1)
    )
    if exists is not None:
        return
    today = uk_today()
    # The demo trainee joined the scheme before their first session (a session may not be
    # dated before it: lms/practice/dates.py).
    joined = utcnow() - timedelta(days=max(d[0] for d in DEMO_SESSIONS) + 14)
    if trainee.created_at is None or trainee.created_at > joined:
        trainee.created_at = joined
    if trainee.joined_scheme is None or trainee.joined_scheme > joined:
        trainee.joined_scheme_at = joined
    for days_ago, minutes, kind, where, fate in DEMO_SESSIONS:
        details = services.EntryDetails(
            session_date=today - timedelta(days=days_ago),
            duration_minutes=minutes,
            kind=kind,
            location=where,
            reflection=REFLECTION.format(trainer=trainer.name),
            supervisor_id=trainer.id,
        )
        entry = services.log_entry(session, trainee, details, today)
        if fate == "confirm":
            services.confirm_entry(session, trainer, entry)
        elif fate == "reject":
            services.reject_entry(session, trainer, entry, REJECTION)
        elif fate == "sign_off":
            results = {item.id: services.ItemResult(met=True) for item in OBSERVATION_CHECKLIST}
            services.sign_off_observation(
                session, trainer, entry, results, PASSED, "Calm, warm and clear about limits."
            )
    session.flush()
