"""``flask --app lms notifications expiry-warnings`` and ``work-digest``: the job worker's daily
notification tasks, by hand or from cron (both are safe to repeat: each send is claimed once)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.extensions import db
from lms.notifications.expiry import THRESHOLDS, send_expiry_warnings
from lms.notifications.work_digest import send_work_digests
from lms.ukdates import uk_today

notifications_cli = AppGroup("notifications", help="The daily notification tasks.")

TODAY = click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as if today were this date (for catching up); default: today in the UK.",
)


@notifications_cli.command("expiry-warnings")
@TODAY
def expiry_warnings_command(today) -> None:
    """Warn holders of certificates expiring in 60, 30 or 7 days (each warning once)."""
    sent = send_expiry_warnings(db.session, today.date() if today else uk_today())
    db.session.commit()
    click.echo("Expiry warnings sent: " + ", ".join(f"{sent[d]} at {d} days" for d in THRESHOLDS))


@notifications_cli.command("work-digest")
@TODAY
def work_digest_command(today) -> None:
    """Email each trainer and coordinator with work waiting one summary (once a UK day)."""
    sent = send_work_digests(db.session, today.date() if today else uk_today())
    db.session.commit()
    click.echo(f"Work-waiting emails sent: {sent}")
