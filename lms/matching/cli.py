"""``flask --app lms matching ...``: maintenance commands over matches (``pause-conflicted``)."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from lms.extensions import db
from lms.matching.conflicts.earlier import pause_earlier_conflicts, summary

matching_cli = AppGroup("matching", help="Maintenance of matches.")


@matching_cli.command("pause-conflicted")
def pause_conflicted_command() -> None:
    """Pause every proposed or active match that sits beside a declared conflict (audited; the
    mentor and coordinators told without the detail). Running it again changes nothing."""
    paused = pause_earlier_conflicts(db.session)
    db.session.commit()
    click.echo(summary(paused))
