"""``flask --app lms mentees anonymise``: remove identifying details once mentoring has ended."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime

import click
from flask.cli import AppGroup
from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from lms.audit.services import record
from lms.db import utcnow
from lms.extensions import db
from lms.matching.models import ENDED, Match, Mentee
from lms.ukdates import uk_date, uk_day_start

mentees_cli = AppGroup("mentees", help="Mentee records.")


@dataclass
class Anonymised:
    """What one anonymising run did: how many mentees, per scheme id."""

    by_scheme: Counter[int] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.by_scheme.values())


def anonymise_ended(session: Session, ended_before: date) -> Anonymised:
    """Anonymise mentees whose matches all ended before the date (none open); the caller commits.

    The reference becomes ``anon-<id>``; area, gender, gender preference, languages, restricted
    notes and release date are cleared; needs, under-18 and every match are kept, so counts
    still add up. Mentees already anonymised are left alone, so running it again changes nothing.
    """
    cutoff = uk_day_start(ended_before)
    mine = Match.mentee_id == Mentee.id
    stmt = (
        select(Mentee)
        .where(
            Mentee.anonymised_at.is_(None),
            exists().where(mine, Match.status == ENDED),
            ~exists().where(mine, Match.status != ENDED),
            ~exists().where(mine, Match.ended_at >= cutoff),
        )
        .order_by(Mentee.id)
    )
    done = Anonymised()
    now = utcnow()
    for mentee in session.scalars(stmt):
        mentee.reference = f"anon-{mentee.id}"
        mentee.area = ""
        mentee.gender = "not_said"
        mentee.gender_preference = "none"
        mentee.languages = []
        mentee.restricted_notes = ""
        mentee.release_date = None
        mentee.anonymised_at = now
        done.by_scheme[mentee.scheme_id] += 1
    if done.total:
        record(
            session,
            actor=None,
            action="mentees.anonymised",
            subject_type="mentee",
            subject_id=f"ended-before-{ended_before.isoformat()}",
            details={
                "ended_before": ended_before.isoformat(),
                "count": done.total,
                "by_scheme": {str(k): v for k, v in sorted(done.by_scheme.items())},
            },
        )
    return done


@mentees_cli.command("anonymise")
@click.option(
    "--ended-before",
    "ended_before",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Anonymise mentees whose matches all ended before this date (YYYY-MM-DD).",
)
def anonymise_command(ended_before: datetime) -> None:
    """Remove identifying details of mentees whose matches all ended before a date."""
    day = ended_before.date()
    done = anonymise_ended(db.session, day)
    db.session.commit()
    click.echo(
        f"Anonymised {done.total} mentee{'s' if done.total != 1 else ''} "
        f"whose matches all ended before {uk_date(day)}."
    )
