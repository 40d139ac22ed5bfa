"""``flask --app lms accreditation sweep``: records expiries, safe to run every day."""

from __future__ import annotations

from datetime import date

import click
from flask.cli import AppGroup

from lms.certificates.sweep import count_due, sweep
from lms.extensions import db
from lms.ukdates import uk_today

accreditation_cli = AppGroup("accreditation", help="Scheduled accreditation work.")


@accreditation_cli.command("sweep")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as if today were this date (for catching up); default: today in the UK.",
)
def sweep_command(today) -> None:
    """Record expiries (each once); the warnings before them are the job worker's daily task."""
    day: date = today.date() if today else uk_today()
    total = count_due(db.session, day)
    with click.progressbar(length=total, label="Checking certificates", file=None) as bar:
        summary = sweep(db.session, day, progress=bar.update)
    db.session.commit()
    for line in summary.lines():
        click.echo(line)
