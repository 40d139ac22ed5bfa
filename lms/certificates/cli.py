"""``flask --app lms accreditation sweep``: reminders and expiries, safe to run every day."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from lms.certificates.models import Certificate
from lms.certificates.sweep import count_due, sweep
from lms.extensions import db
from lms.mail import send
from lms.ukdates import uk_date, uk_today

accreditation_cli = AppGroup("accreditation", help="Scheduled accreditation work.")


def send_reminder(cert: Certificate, days: int) -> None:
    """Queue an email telling the holder their certificate expires soon (sent after commit)."""
    send(
        cert.person.email,
        f"Your certificate expires in {days} days",
        "certificate_reminder",
        person_id=cert.person_id,
        cert=cert,
        days=days,
        valid_until=uk_date(cert.valid_until),
        base_url=current_app.config["BASE_URL"],
    )


@accreditation_cli.command("sweep")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as if today were this date (for catching up); default: today in the UK.",
)
def sweep_command(today) -> None:
    """Send expiry reminders (60, 30, 7 days) once each and record expiries."""
    day: date = today.date() if today else uk_today()
    total = count_due(db.session, day)
    with click.progressbar(length=total, label="Checking certificates", file=None) as bar:
        summary = sweep(db.session, day, send_reminder, progress=bar.update)
    db.session.commit()
    for line in summary.lines():
        click.echo(line)
