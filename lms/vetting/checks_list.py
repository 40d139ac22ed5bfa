"""The DBS checks list: its filters read from the query string (status, level, kind, the home
page's "due in 30 days or overdue"), its sort orders, and its CSV (the same people, in the same
order, across every page). Filtering, sorting and paging all happen in SQL, on each person's
latest check as ``lms.vetting.latest`` defines it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, case, func
from sqlalchemy.orm import selectinload

from lms.accounts.models import Person
from lms.vetting.latest import latest_check_join
from lms.vetting.models import KINDS, LEVELS, VettingCheck
from lms.vetting.recheck_sql import effective_recheck
from lms.vetting.services import RECHECK_WARNING_DAYS, scheme_people

NONE, OVERDUE, DUE, CURRENT = "none", "overdue", "due", "current"
# Every person is in exactly one of these, by their latest check.
STATUSES = {
    NONE: "No check recorded",
    OVERDUE: "Recheck overdue",
    DUE: f"Recheck due within {RECHECK_WARNING_DAYS} days",
    CURRENT: f"Current (recheck more than {RECHECK_WARNING_DAYS} days away)",
}
SORTS = {
    "name": "Name, A to Z",
    "recheck": "Recheck due, soonest first",
    "certificate": "Certificate date, newest first",
}


def status_of(check: VettingCheck | None, today: date) -> str:
    """The key in ``STATUSES`` for a person whose latest check is ``check``."""
    if check is None:
        return NONE
    if check.effective_recheck_due < today:
        return OVERDUE
    if check.effective_recheck_due <= today + timedelta(days=RECHECK_WARNING_DAYS):
        return DUE
    return CURRENT


@dataclass(frozen=True)
class CheckFilters:
    """What the coordinator asked for; unknown values are ignored rather than refused.

    ``due`` is the home page's count (``?due=30``): due within 30 days or already overdue.
    """

    query: str = ""
    status: str = ""
    level: str = ""
    kind: str = ""
    due: bool = False
    sort: str = "name"

    @classmethod
    def from_args(cls, args) -> CheckFilters:
        def known(name: str, values) -> str:
            value = args.get(name, "")
            return value if value in values else ""

        return cls(
            query=args.get("q", "").strip(),
            status=known("status", STATUSES),
            level=known("level", LEVELS),
            kind=known("kind", KINDS),
            due=args.get("due") == str(RECHECK_WARNING_DAYS),
            sort=known("sort", SORTS) or "name",
        )

    def args(self) -> dict[str, object]:
        """The query-string arguments that give this list again (for paging and the CSV)."""
        pairs = {"q": self.query, "status": self.status, "level": self.level, "kind": self.kind}
        pairs |= {"due": RECHECK_WARNING_DAYS if self.due else ""}
        pairs |= {"sort": "" if self.sort == "name" else self.sort}
        return {key: value for key, value in pairs.items() if value}

    def joined(self, viewer: Person, today: date) -> tuple[Select, type[VettingCheck]]:
        """The people the viewer may see, each outer-joined to their latest check (the alias
        returned), filtered and in the chosen order (ids break ties, so no one is shown twice
        or skipped across pages)."""
        check, on = latest_check_join(Person.id)
        stmt = scheme_people(viewer, self.query).outerjoin(check, on)
        soon = today + timedelta(days=RECHECK_WARNING_DAYS)
        due = effective_recheck(check)  # capped at the scheme's interval
        where = {
            NONE: check.id.is_(None),
            OVERDUE: due < today,
            DUE: due.between(today, soon),
            CURRENT: due > soon,
        }
        if self.status:
            stmt = stmt.where(where[self.status])
        if self.due:
            stmt = stmt.where(due <= soon)
        if self.level:
            stmt = stmt.where(check.level == self.level)
        if self.kind:
            stmt = stmt.where(check.kind == self.kind)
        name = (func.lower(Person.name), Person.id)
        missing_last = case((check.id.is_(None), 1), else_=0)
        order = {
            "name": name,
            "recheck": (missing_last, due, *name),
            "certificate": (missing_last, check.certificate_date.desc(), *name),
        }[self.sort]
        return stmt.order_by(None).order_by(*order), check

    def statement(self, viewer: Person, today: date) -> Select[tuple[Person]]:
        """The people on the list (their checks: ``services.latest_checks`` for a page)."""
        return self.joined(viewer, today)[0]


CSV_HEADER = [
    "Name",
    "Email",
    "Scheme",
    "Level",
    "Kind",
    "Certificate date",
    "Update Service",
    "Last Update Service status check",
    "Recheck due",
    "Status",
]


def csv_rows(session, viewer: Person, filters: CheckFilters, today: date, batch: int = 500):
    """The header, then every person the list shows, in its order, with their latest check, a
    batch at a time (a national list never sits in memory at once)."""
    stmt, check = filters.joined(viewer, today)
    stmt = stmt.add_columns(check).options(selectinload(Person.scheme))
    yield CSV_HEADER
    for person, latest in session.execute(stmt.execution_options(yield_per=batch)):
        yield _row(person, latest, today)


def _row(person: Person, check: VettingCheck | None, today: date) -> list[str]:
    scheme = person.scheme.name if person.scheme else ""
    words = STATUSES[status_of(check, today)].split(" (")[0]
    if check is None:
        return [person.name, person.email, scheme, "", "", "", "", "", "", words]
    checked = check.update_service_checked_on
    return [
        person.name,
        person.email,
        scheme,
        check.level_label,
        "DBS" if check.kind == "dbs" else "CRB",
        check.certificate_date.isoformat(),
        "Yes" if check.update_service else "No",
        checked.isoformat() if checked else "",
        check.effective_recheck_due.isoformat(),
        words,
    ]
