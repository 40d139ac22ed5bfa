"""The admin's list of people: its filters read from the query string, its sort orders, and its
CSV export (the same people as the list shows; lms/certificates/holders.py names the mentors)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import Select, func
from sqlalchemy.orm import Session, selectinload

from lms.accounts import services as accounts
from lms.accounts import statuses
from lms.accounts.models import Person, Role, Scheme
from lms.certificates.holders import certified, role_words
from lms.numbers import query_int
from lms.ukdates import UK

# Query-string value -> (what the sort select says, the ORDER BY); ids break ties, so paging
# never shows a person twice or skips one.
SORTS = {
    "name": ("Name, A to Z", (func.lower(Person.name), Person.id)),
    "email": ("Email address", (Person.email, Person.id)),
    "newest": ("Newest first", (Person.created_at.desc(), Person.id.desc())),
    "oldest": ("Oldest first", (Person.created_at, Person.id)),
}
STATUS_LABELS = {
    statuses.ACTIVE: "Active",
    statuses.INVITED: "Invited",
    statuses.DEACTIVATED: "Deactivated",
}


@dataclass(frozen=True)
class PeopleFilters:
    """What the admin asked for; unknown values are ignored rather than refused."""

    query: str = ""
    scheme_id: int = 0
    role: str = ""
    status: str = ""
    sort: str = "name"

    @classmethod
    def from_args(cls, args) -> PeopleFilters:
        role = args.get("role", "")
        status = args.get("status", "")
        sort = args.get("sort", "name")
        return cls(
            query=args.get("q", ""),
            scheme_id=args.get("scheme", 0, type=query_int) or 0,
            role=role if role in {r.value for r in Role} else "",
            status=status if status in statuses.WHERE else "",
            sort=sort if sort in SORTS else "name",
        )

    def args(self) -> dict[str, object]:
        """The query-string arguments that give this list again (for paging and the CSV)."""
        pairs = {"q": self.query, "scheme": self.scheme_id, "role": self.role}
        pairs |= {"status": self.status, "sort": "" if self.sort == "name" else self.sort}
        return {key: value for key, value in pairs.items() if value}

    def statement(self) -> Select[tuple[Person]]:
        role = Role(self.role) if self.role else None
        stmt = accounts.search_people(
            self.query, scheme_id=self.scheme_id, role=role, status=self.status
        )
        stmt = stmt.options(selectinload(Person.scheme))  # one statement for every scheme shown
        return stmt.order_by(None).order_by(*SORTS[self.sort][1])


CSV_HEADER = ["Name", "Email", "Username", "Roles", "Scheme", "Status", "Joined (UK time)"]


def csv_rows(session: Session, filters: PeopleFilters, batch: int = 500) -> Iterator[list]:
    """The header, then every person the list shows, in its order, a batch at a time (so a
    national list never sits in memory at once, and certificates are one statement a batch)."""
    yield CSV_HEADER
    page: list[Person] = []
    for person in session.scalars(filters.statement().execution_options(yield_per=batch)):
        page.append(person)
        if len(page) == batch:
            yield from _rows(session, page)
            page = []
    yield from _rows(session, page)


def _rows(session: Session, people: list[Person]) -> Iterator[list]:
    mentors = certified(session, (p.id for p in people))
    for p in people:
        scheme: Scheme | None = p.scheme
        yield [
            p.name,
            p.email or "",
            p.username or "",
            role_words(p, mentors),
            scheme.name if scheme else "",
            STATUS_LABELS[statuses.status_of(p)],
            p.created_at.astimezone(UK).isoformat(timespec="seconds"),
        ]
