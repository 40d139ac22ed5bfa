"""The scheme's list of mentors: its filters read from the query string (name, state), its sort
orders, one page and the counts per state in one statement, and its CSV export (the same
mentors as the list shows, across every page).

States come from the gate's SQL side (``screening``), as on the dashboard; the database
searches, orders, counts and pages the mentors, and only the page reaches Python.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import case, func, literal, null, or_, select, true, union_all
from sqlalchemy.orm import Session

from lms.certificates.models import Certificate
from lms.matching.dashboard import services
from lms.matching.dashboard.services import BLOCKED, EXPIRING_SOON, MATCHABLE, STATES, MentorState
from lms.matching.gate import screening
from lms.matching.gate.rules import KIND_OF_CODE, KINDS
from lms.paging import ListPage

SUGGESTED = ""
SORTS = {
    SUGGESTED: "Suggested: nearest to matchable, or soonest expiry, then name",
    "name": "Name, A to Z",
    "expires": "Certificate valid until, soonest first",
    "free": "Most free places first",
    "newest": "Newest mentors first (certified most recently)",
}
PAGE, COUNTS = 1, 2


@dataclass(frozen=True)
class MentorFilters:
    """What the coordinator asked for; unknown values are ignored rather than refused."""

    query: str = ""
    state: str = ""
    sort: str = SUGGESTED

    @classmethod
    def from_args(cls, args) -> MentorFilters:
        state, sort = args.get("state", ""), args.get("sort", "")
        return cls(
            query=args.get("q", "").strip(),
            state=state if state in STATES else "",
            sort=sort if sort in SORTS else SUGGESTED,
        )

    def args(self) -> dict[str, object]:
        """The query-string arguments that give this list again (for paging and the CSV)."""
        pairs = {"q": self.query, "state": self.state, "sort": self.sort}
        return {key: value for key, value in pairs.items() if value}


def _kind_column(kind: str) -> str:
    return f"kind_{kind}"


def _listed(session: Session, scheme_id: int, filters: MentorFilters, today: date):
    """The scheme's mentors whose name matches, with their state and kinds of reason, as a
    materialised CTE (one pass over the gate's facts)."""
    facts, flags = screening.prepare(  # the gate's own SQL, shared
        session, scheme_id, services.plain_mentee(scheme_id), today, None
    )
    wanted = filters.query.lower()
    kept = func.lower(facts.c.name).contains(wanted, autoescape=True) if wanted else true()
    names = ("id", "name", "capacity", "load", "expires_on", "first_issued")
    coded = (
        select(*(facts.c[n] for n in names), *(flag.label(k) for k, flag in flags.items()))
        .where(kept)
        .subquery("coded")
    )
    kinds = {
        kind: case(
            (or_(*(coded.c[f"code_{c}"] == 1 for c, k in KIND_OF_CODE.items() if k == kind)), 1),
            else_=0,
        )
        for kind in KINDS
    }
    blocked_by = sum(list(kinds.values()), literal(0))
    warn_from = today + timedelta(days=services.EXPIRY_WARNING_DAYS)
    state = case(
        (blocked_by > 0, literal(BLOCKED)),
        (coded.c.expires_on <= warn_from, literal(EXPIRING_SOON)),
        else_=literal(MATCHABLE),
    )
    return (
        select(
            *(coded.c[n] for n in names),
            *(flag.label(_kind_column(kind)) for kind, flag in kinds.items()),
            blocked_by.label("blocked_by"),
            state.label("state"),
        )
        .cte("listed")
        .prefix_with("MATERIALIZED")
    )


def _order(c, filters: MentorFilters) -> list:
    """The ORDER BY of the list; ids break ties, so paging never repeats or skips a mentor."""
    name = (func.lower(c.name), c.id)
    last_if_none = lambda column: case((column.is_(None), 1), else_=0)  # noqa: E731
    sort = filters.sort or {BLOCKED: "blocked", EXPIRING_SOON: "expires"}.get(filters.state, "")
    if sort == "blocked":
        return [c.blocked_by, *name]
    if sort == "expires":
        return [last_if_none(c.expires_on), c.expires_on, *name]
    if sort == "free":
        free = func.coalesce(c.capacity, 0) - c.load
        return [last_if_none(c.capacity), free.desc(), *name]
    if sort == "newest":
        return [last_if_none(c.first_issued), c.first_issued.desc(), c.id.desc()]
    return list(name)


def _state(row) -> MentorState:
    kinds = tuple(kind for kind in KINDS if row._mapping[_kind_column(kind)])
    return MentorState(row.id, row.name, row.state, kinds, row.expires_on, row.load, row.capacity)


def listing(
    session: Session,
    scheme_id: int,
    filters: MentorFilters,
    today: date,
    *,
    offset: int,
    limit: int,
) -> tuple[list[MentorState], dict[str, int]]:
    """One page of the mentors the filters ask for, and how many match in each state (for the
    name searched), in one statement: the page's rows, then one row per state."""
    listed = _listed(session, scheme_id, filters, today)
    c = listed.c
    wanted = c.state == filters.state if filters.state else true()
    order = _order(c, filters)
    page = (
        select(literal(PAGE).label("part"), func.row_number().over(order_by=order).label("n"), *c)
        .where(wanted)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
        .subquery("page")
    )

    def counted(column):
        if column.name == "state":
            return column
        if column.name == "load":
            return func.count().label("load")
        return null().label(column.name)

    counts_part = select(
        literal(COUNTS).label("part"), null().label("n"), *(counted(col) for col in c)
    ).group_by(c.state)
    rows = session.execute(union_all(select(page), counts_part)).all()
    counts = dict.fromkeys(STATES, 0)
    shown = []
    for row in sorted(rows, key=lambda r: (r.part, r.n or 0)):
        if row.part == PAGE:
            shown.append(_state(row))
        else:
            counts[row.state] = row.load
    return shown, counts


def mentors_page(
    session: Session, scheme_id: int, filters: MentorFilters, page: int, per_page: int, today: date
) -> tuple[ListPage, dict[str, int]]:
    """One page of the mentors the filters ask for (blocked ones with the gate's reasons), and
    how many match in each state."""
    page = max(page, 1)
    items, counts = listing(
        session, scheme_id, filters, today, offset=(page - 1) * per_page, limit=per_page
    )
    total = counts[filters.state] if filters.state else sum(counts.values())
    shown = ListPage.of_page(items, page, per_page, total)
    services.with_reasons(session, shown.items, scheme_id, today)
    return shown, counts


CSV_HEADER = [
    "Name",
    "State",
    "Certificate numbers",
    "Certificate valid until",
    "Places taken",
    "What blocks them",
]


def csv_rows(
    session: Session, scheme_id: int, filters: MentorFilters, today: date, batch: int = 500
) -> Iterator[list]:
    """The header, then every mentor the list shows, in its order; certificate numbers are one
    statement a batch."""
    yield CSV_HEADER
    listed = _listed(session, scheme_id, filters, today)
    wanted = listed.c.state == filters.state if filters.state else true()
    stmt = select(*listed.c).where(wanted).order_by(*_order(listed.c, filters))
    result = session.execute(stmt.execution_options(yield_per=batch))
    for partition in result.partitions():
        chunk = [_state(row) for row in partition]
        numbers = _numbers(session, [s.id for s in chunk])
        for s in chunk:
            yield [
                s.name,
                STATES[s.state],
                "; ".join(numbers.get(s.id, [])),
                s.expires_on.isoformat() if s.expires_on else "",
                f"{s.load} of {s.capacity or 0}",
                "; ".join(KINDS[kind] for kind in s.kinds),
            ]


def _numbers(session: Session, ids: list[int]) -> dict[int, list[str]]:
    """The numbers of each person's current certificates, in one statement."""
    found: dict[int, list[str]] = {}
    stmt = (
        select(Certificate.person_id, Certificate.number)
        .where(Certificate.person_id.in_(ids), Certificate.current.is_(True))
        .order_by(Certificate.person_id, Certificate.number)
    )
    for person_id, number in session.execute(stmt):
        found.setdefault(person_id, []).append(number)
    return found
