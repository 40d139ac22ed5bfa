"""Which DBS check is a person's latest: the one definition every page, count and gate uses.

The latest check is the one with the newest certificate date, then (on the same date) the one
recorded last; a check marked "entered in error" never counts. The id alone is not enough: a
backfilled old CRB check recorded after the real DBS check would otherwise hide it. Each
person's latest check is one seek of ``ix_vetting_checks_person_latest`` on SQLite and
PostgreSQL alike. When that check's recheck is due, as everything reads it (capped at the
scheme's interval), is ``lms.vetting.recheck_sql.effective_recheck`` (and, on a loaded check,
``VettingCheck.effective_recheck_due``).
"""

from __future__ import annotations

from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from lms.vetting.models import VettingCheck


def latest_order(checks=VettingCheck) -> tuple:
    """ORDER BY for "latest first": certificate date newest, then the last recorded."""
    return checks.certificate_date.desc(), checks.id.desc()


def counting(checks=VettingCheck):
    """Checks that count: not marked as entered in error."""
    return checks.entered_in_error_at.is_(None)


def latest_value(column, person_id, checks=VettingCheck):
    """A scalar subquery: ``column`` (of ``checks``, the table or an alias) of the latest check
    of the person ``person_id`` (a column to correlate with, or a value); NULL when none."""
    return (
        select(column)
        .where(checks.person_id == person_id, counting(checks))
        .order_by(*latest_order(checks))
        .limit(1)
        .scalar_subquery()
    )


def latest_id(person_id):
    """The id of the person's latest check (``person_id``: a column or a value), or NULL."""
    inner = aliased(VettingCheck)
    return latest_value(inner.id, person_id, inner)


def latest_check_join(person_id_column):
    """``(alias, on)``: an alias of VettingCheck and the ON clause that outer-joins each row of
    ``person_id_column`` to that person's latest check (NULL columns when there is none)."""
    check = aliased(VettingCheck, name="latest_check")
    # The person_id equality lets the database join by person first (an index or a hash), so
    # the subquery runs once per check of the person rather than for every pair of rows.
    return check, and_(check.person_id == person_id_column, check.id == latest_id(person_id_column))
