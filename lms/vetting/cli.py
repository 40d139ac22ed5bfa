"""``flask --app lms vetting check-dates``: a one-off report of recorded DBS checks whose dates
break today's rules (``lms.vetting.dates``), such as a 1990 check with a recheck in 2099.

Such checks were recorded before the dates were checked. They need no change to stop counting
wrongly (a recheck counts only up to the scheme's interval: ``lms.vetting.recheck_sql``), but a
coordinator should look at each and record the real check, or mark the record entered in error.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import click
from flask.cli import AppGroup
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from lms.accounts.models import Person
from lms.extensions import db
from lms.ukdates import uk_date, uk_today
from lms.vetting.dates import DEFAULT_RECHECK_MONTHS, first_problem
from lms.vetting.models import COUNTS, VettingCheck

vetting_cli = AppGroup("vetting", help="Check recorded DBS checks.")

FIELDS = {
    "kind": "Kind",
    "update_service": "Update Service",
    "certificate_date": "Certificate date",
    "update_service_checked_on": "Last status check",
    "recheck_due": "Recheck due",
}


def broken_dates(session: Session, today: date, batch: int = 500) -> Iterator[tuple]:
    """``(check, field, message)`` for each check that counts (not entered in error) whose dates
    break today's rules, by person then check, read a batch at a time."""
    stmt = (
        select(VettingCheck)
        .where(COUNTS)
        .options(selectinload(VettingCheck.person).selectinload(Person.scheme))
        .order_by(VettingCheck.person_id, VettingCheck.id)
        .execution_options(yield_per=batch)
    )
    for check in session.scalars(stmt):
        scheme = check.person.scheme
        months = scheme.dbs_recheck_months if scheme else DEFAULT_RECHECK_MONTHS
        problem = first_problem(check, months, today)
        if problem is not None:
            yield check, *problem


def _line(check: VettingCheck, field: str, message: str) -> str:
    person = check.person
    who = person.email or person.username
    dated = f"dated {uk_date(check.certificate_date)}, recheck {uk_date(check.recheck_due)}"
    counts = f"counts until {uk_date(check.effective_recheck_due)}"
    return (
        f"{person.name} <{who}>: {check.kind_label} {check.id} ({dated}; {counts}). "
        f"{FIELDS[field]}: {message}."
    )


@vetting_cli.command("check-dates")
def check_dates_command() -> None:
    """List each DBS check whose recorded dates break today's rules, and what is wrong."""
    found = 0
    for check, field, message in broken_dates(db.session, uk_today()):
        click.echo(_line(check, field, message))
        found += 1
    click.echo(f"Checks with dates that break the rules: {found}")
