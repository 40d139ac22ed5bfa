"""When a DBS check's recheck is due, in SQL: ``lms.vetting.dates.effective_recheck_due`` as an
expression over a check's columns, so lists, counts, eligibility and the gate read one date.

The recorded recheck date counts, but never beyond the scheme's interval after the certificate
(or the last Update Service status check): a record made before the dates were checked, dated
1990 with a recheck in 2099, is not current. Month arithmetic matches ``ukdates.add_months``
(the last day of the month when the day does not exist) on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    ColumnElement,
    Date,
    and_,
    case,
    func,
    literal,
    or_,
    select,
    type_coerce,
)
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased
from sqlalchemy.sql.functions import FunctionElement

from lms.accounts.models import Person, Scheme
from lms.vetting.dates import DEFAULT_RECHECK_MONTHS, earliest_current_start


class months_after(FunctionElement):
    """``day`` plus ``months`` (an integer expression) as a date, clamped to the month's end."""

    inherit_cache = True
    type = Date()


@compiles(months_after)
def _months_after_postgresql(element, compiler, **kw):
    day, months = (compiler.process(c, **kw) for c in element.clauses)
    # date + interval clamps to the month's end (31 January + 1 month: 28 or 29 February).
    interval = f"make_interval(months => CAST({months} AS INTEGER))"
    return f"CAST((CAST({day} AS DATE) + {interval}) AS DATE)"


@compiles(months_after, "sqlite")
def _months_after_sqlite(element, compiler, **kw):
    day, months = (compiler.process(c, **kw) for c in element.clauses)
    # SQLite rolls 31 January + 1 month over into March: step from the first of the month, add
    # the days back, and never go past the last day of the month reached.
    same_day = (
        f"date({day}, 'start of month', '+' || ({months}) || ' months', "
        f"'+' || (CAST(strftime('%d', {day}) AS INTEGER) - 1) || ' days')"
    )
    month_end = f"date({day}, 'start of month', '+' || (({months}) + 1) || ' months', '-1 day')"
    return f"min({same_day}, {month_end})"


def recheck_months(person_id) -> ColumnElement[int]:
    """The recheck interval (months) of the scheme of the person ``person_id`` (a column or a
    value); the default for a person without a scheme."""
    person, scheme = aliased(Person), aliased(Scheme)
    months = (
        select(scheme.dbs_recheck_months)
        .join(person, person.scheme_id == scheme.id)
        .where(person.id == person_id)
        .scalar_subquery()
    )
    return func.coalesce(months, DEFAULT_RECHECK_MONTHS)


def _interval_start(checks) -> ColumnElement:
    """The day the recheck interval runs from: the last Update Service status check, if the
    person is on the Update Service and it is recorded, or else the date on the certificate."""
    on_update = and_(checks.update_service.is_(True), checks.update_service_checked_on.is_not(None))
    return case((on_update, checks.update_service_checked_on), else_=checks.certificate_date)


def effective_recheck(checks, months=None) -> ColumnElement:
    """``checks``' (the table or an alias) recheck date as it counts: the recorded one, capped at
    ``months`` (an int or expression; default: the person's scheme's interval) after the last
    Update Service status check, or else after the certificate."""
    if months is None:
        months = recheck_months(checks.person_id)
    elif isinstance(months, int):
        months = literal(months)
    start = _interval_start(checks)
    limit = months_after(start, months)
    # type_coerce, not CAST: SQLite would turn CAST(... AS DATE) into a number.
    return type_coerce(case((checks.recheck_due <= limit, checks.recheck_due), else_=limit), Date)


def recheck_lapsed(checks, months: int, today: date) -> ColumnElement[bool]:
    """Whether ``checks``' recheck, as it counts (``effective_recheck`` with ``months``), was due
    before ``today``: the same answer without month arithmetic on every row (the recorded date
    has passed, or the interval began before ``earliest_current_start``), which is what the
    matching gate reads for thousands of mentors at once."""
    start = _interval_start(checks)
    return or_(checks.recheck_due < today, start < earliest_current_start(today, months))
