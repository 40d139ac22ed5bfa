"""Warnings before a certificate expires: its holder hears 60, 30 and 7 days before the last
valid day, each once, from a daily job (the sweep records the expiry itself, and its signal
tells the holder: ``lms/certificates/sweep.py``).

A run that was missed is caught up: a certificate inside a warning's window that has not had
that warning (nor a nearer one) gets it, so a holder who was due both the 60 and the 30 day
warning gets only the 30. A renewed (superseded), suspended or revoked certificate is not
warned. The work is a few statements however many certificates are due: one query finds
them, the claim is one ``INSERT ... ON CONFLICT DO NOTHING`` per batch (the unique key makes
two overlapping runs send each warning once), and one query reads the holders' email choices.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from huey import crontab
from sqlalchemy import and_, case, exists, select
from sqlalchemy.orm import Session, contains_eager

from lms.accounts.models import Person
from lms.certificates.models import Certificate
from lms.db import utcnow
from lms.extensions import db
from lms.jobs import periodic_task
from lms.links import base_url
from lms.notifications.claims import claim
from lms.notifications.models import ExpiryWarning
from lms.notifications.services import Email, email_choices, notify
from lms.notifications.triggers import path
from lms.ukdates import uk_date, uk_today

THRESHOLDS = (7, 30, 60)  # nearest first
BATCH = 500


@dataclass(frozen=True)
class Due:
    """A certificate to warn today, and the warning (days before) it is due."""

    cert: Certificate
    days_before: int


def due(session: Session, today: date) -> list[Due]:
    """Every live certificate inside a warning's window that has not had that warning yet."""
    threshold = case(
        *((Certificate.valid_until <= today + timedelta(days=d), d) for d in THRESHOLDS[:-1]),
        else_=THRESHOLDS[-1],
    )
    warned = exists().where(
        ExpiryWarning.certificate_id == Certificate.id, ExpiryWarning.days_before <= threshold
    )
    stmt = (
        select(Certificate, threshold)
        .join(Certificate.person)
        .options(contains_eager(Certificate.person))
        .where(
            Certificate.current,
            Certificate.revoked_at.is_(None),
            Certificate.suspended_at.is_(None),
            Certificate.superseded_at.is_(None),
            and_(
                Certificate.valid_until >= today,
                Certificate.valid_until <= today + timedelta(days=THRESHOLDS[-1]),
            ),
            Person.active,
            ~warned,
        )
        .order_by(Certificate.id)
    )
    return [Due(cert, days) for cert, days in session.execute(stmt)]


def _claim(session: Session, batch: list[Due]) -> set[int]:
    """Record the batch's warnings; the ids of the certificates this run may warn (a run at
    the same time that got there first keeps the rest)."""
    now = utcnow()
    rows = [
        {"certificate_id": d.cert.id, "days_before": d.days_before, "sent_at": now} for d in batch
    ]
    keys = ["certificate_id", "days_before"]
    return claim(session, ExpiryWarning, rows, keys, ExpiryWarning.certificate_id)


def when_text(days_left: int) -> str:
    """'in 30 days', 'tomorrow' or 'today': when a certificate expires, read right however
    many days a caught-up run finds left."""
    if days_left <= 0:
        return "today"
    if days_left == 1:
        return "tomorrow"
    return f"in {days_left} days"


def warning_text(days_left: int) -> str:
    """'Your certificate expires in 30 days.' (or 'today', 'tomorrow')."""
    return f"Your certificate expires {when_text(days_left)}."


def _warn(session: Session, cert: Certificate, today: date, choice: str) -> None:
    days_left = (cert.valid_until - today).days
    text = warning_text(days_left)
    mail = Email(
        text.removesuffix("."),
        "certificate_reminder",
        {
            "cert": cert,
            "when": when_text(days_left),
            "valid_until": uk_date(cert.valid_until),
            "base_url": base_url(),
        },
    )
    link = path("certificates.mine")
    notify(session, cert.person, "certificate-expiring", text, link, mail=mail, choice=choice)


def send_expiry_warnings(session: Session, today: date | None = None) -> dict[int, int]:
    """Warn every holder due a warning today; how many went at each threshold. The caller
    commits (each warning is saved with its notification and email)."""
    today = today or uk_today()
    sent = dict.fromkeys(THRESHOLDS, 0)
    found = due(session, today)
    for start in range(0, len(found), BATCH):
        batch = found[start : start + BATCH]
        claimed = _claim(session, batch)
        choices = email_choices(session, {d.cert.person_id for d in batch})
        for item in batch:
            if item.cert.id in claimed:
                _warn(session, item.cert, today, choices[item.cert.person_id])
                sent[item.days_before] += 1
    return sent


@periodic_task(crontab(hour="6", minute="30"))
def daily_expiry_warnings() -> None:
    """Every day at 06:30 UTC: warn the holders of certificates expiring soon."""
    send_expiry_warnings(db.session)
    db.session.commit()
