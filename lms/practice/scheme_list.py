"""Staff's list of a scheme's practice entries: its filters read from the query string (trainee
name, status, trainee, kind, session dates, waiting longer than so many days), its sort orders,
and its CSV (the same entries, in the same order, across every page). All in SQL."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, func
from sqlalchemy.orm import Session, aliased, selectinload

from lms.accounts.models import Person
from lms.db import utcnow
from lms.numbers import query_int
from lms.practice import services
from lms.practice.export import scheme_csv_rows
from lms.practice.models import PENDING, SESSION_KINDS, PracticeEntry
from lms.ukdates import parse_uk_date

# Query-string value -> what the sort select says; ids break ties, so paging never shows an
# entry twice or skips one.
SORTS = {
    "newest": "Session date, newest first",
    "oldest": "Session date, oldest first",
    "trainee": "Trainee name, A to Z",
    "longest": "Hours, longest first",
}
# "Waiting for a decision longer than" choices, in days.
WAITING = {"7": "1 week", "14": "2 weeks", "28": "4 weeks"}


def _day(text: str) -> date | None:
    """The date a date input sent (or a person typed, as the date fields take it), or None: a
    date not understood is ignored."""
    try:
        return parse_uk_date(text)
    except ValueError:
        return None


@dataclass(frozen=True)
class PracticeFilters:
    """What staff asked for; unknown values are ignored rather than refused."""

    query: str = ""
    status: str = ""
    trainee: int = 0
    kind: str = ""
    since: date | None = None
    until: date | None = None
    waiting: str = ""
    sort: str = "newest"

    @classmethod
    def from_args(cls, args) -> PracticeFilters:
        def known(name: str, values) -> str:
            value = args.get(name, "")
            return value if value in values else ""

        return cls(
            query=args.get("q", "").strip(),
            status=known("status", services.STATUS_LABELS),
            trainee=args.get("trainee", 0, type=query_int) or 0,
            kind=known("kind", SESSION_KINDS),
            since=_day(args.get("from", "")),
            until=_day(args.get("to", "")),
            waiting=known("waiting", WAITING),
            sort=known("sort", SORTS) or "newest",
        )

    def args(self) -> dict[str, object]:
        """The query-string arguments that give this list again (for paging and the CSV)."""
        pairs = {"q": self.query, "status": self.status, "trainee": self.trainee}
        pairs |= {"kind": self.kind, "waiting": self.waiting}
        pairs |= {"from": self.since.isoformat() if self.since else ""}
        pairs |= {"to": self.until.isoformat() if self.until else ""}
        pairs |= {"sort": "" if self.sort == "newest" else self.sort}
        return {key: value for key, value in pairs.items() if value}

    def statement(self, viewer: Person) -> Select[tuple[PracticeEntry]]:
        """The entries the viewer may see (``services.scheme_entries``), filtered and sorted."""
        stmt = services.scheme_entries(viewer, self.status, self.trainee)
        trainee = aliased(Person, name="trainee")
        stmt = stmt.join(trainee, trainee.id == PracticeEntry.person_id)
        if self.query:
            like = f"%{self.query.lower()}%"
            stmt = stmt.where(func.lower(trainee.name).like(like) | trainee.email.like(like))
        if self.kind:
            stmt = stmt.where(PracticeEntry.kind == self.kind)
        if self.since:
            stmt = stmt.where(PracticeEntry.session_date >= self.since)
        if self.until:
            stmt = stmt.where(PracticeEntry.session_date <= self.until)
        if self.waiting:
            logged_before = utcnow() - timedelta(days=int(self.waiting))
            stmt = stmt.where(
                PracticeEntry.status == PENDING, PracticeEntry.created_at <= logged_before
            )
        newest = (PracticeEntry.session_date.desc(), PracticeEntry.id.desc())
        order = {
            "newest": newest,
            "oldest": (PracticeEntry.session_date, PracticeEntry.id),
            "trainee": (func.lower(trainee.name), trainee.id, *newest),
            "longest": (PracticeEntry.duration_minutes.desc(), *newest),
        }[self.sort]
        return stmt.order_by(None).order_by(*order)


def csv_rows(session: Session, viewer: Person, filters: PracticeFilters, batch: int = 500):
    """The header, then every entry the list shows, in its order, a batch at a time; who
    decided, the observation and the trainee's scheme come a batch at a time, not per row."""
    stmt = filters.statement(viewer).options(
        selectinload(PracticeEntry.decided_by),
        selectinload(PracticeEntry.observation),
        selectinload(PracticeEntry.person).selectinload(Person.scheme),
    )
    entries: Iterator[PracticeEntry] = session.scalars(stmt.execution_options(yield_per=batch))
    return scheme_csv_rows(entries)
