"""The gate's SQL side, for lists: which of a scheme's mentors pass it, and why the others do not.

``verdict.check_many`` is the authority: it words every reason, and it alone decides a match
(again inside the transaction). A scheme may have thousands of mentors, and running it for each
of them on every page view is too slow, so this module runs every rule's SQL flag
(``rules.RULES``) over one row of facts per mentor (``sqlfacts``) in one statement. The database
reads every mentor of the scheme in one pass; pages then count, order and page the rows, and run
the gate only on the mentors they show. ``tests/functional/test_matching_gate_agreement.py``
proves the two sides give the same reasons for generated mentors and mentees.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from operator import itemgetter
from typing import Protocol

from sqlalchemy import CTE, ColumnElement, case, func, literal, null, or_, select, true, union_all
from sqlalchemy.orm import Session

from lms.accounts.models import Scheme
from lms.matching.gate import sqlfacts
from lms.matching.gate.rules import KIND_OF_CODE, KINDS, RULES
from lms.matching.gate.sqlfacts import SqlFacts
from lms.matching.models import Mentee
from lms.vetting.dates import DEFAULT_RECHECK_MONTHS

__all__ = ["KINDS", "KIND_OF_CODE", "Screened", "Screening", "counts_by_kind", "screen"]


@dataclass(frozen=True, slots=True)
class Screened:
    """One mentor of the scheme as the database sees them against one mentee."""

    id: int
    name: str
    kinds: tuple[str, ...]  # kinds of reason that block them (empty: they pass)
    capacity: int | None
    load: int
    area: str
    languages_json: str | None
    needs_json: str | None
    expires_on: date | None  # the first practising certificate's expiry
    codes: tuple[str, ...] = ()  # the reasons that block them, in the gate's order

    @property
    def passes(self) -> bool:
        return not self.codes  # another scheme's mentor has a code but no kind of reason

    @property
    def languages(self) -> list[str]:
        return list(_json_list(self.languages_json)) if self.languages_json else []

    @property
    def needs_experience(self) -> list[str]:
        return list(_json_list(self.needs_json)) if self.needs_json else []


@lru_cache(maxsize=4096)
def _json_list(text: str) -> tuple[str, ...]:
    """A profile's JSON list, decoded once per distinct text (thousands of mentors share few)."""
    return tuple(json.loads(text))


def _code_column(code: str) -> str:
    return f"code_{code}"


def _kind_column(kind: str) -> str:
    return f"kind_{kind}"


def prepare(
    session: Session, scheme_id: int, mentee: Mentee, today: date, exclude: int | None
) -> tuple[CTE, dict[str, ColumnElement]]:
    """The facts, and each rule's flag as a 0/1 column named after its code."""
    scheme = session.get(Scheme, scheme_id)
    cutoff = today - timedelta(weeks=scheme.supervision_interval_weeks if scheme else 6)
    months = scheme.dbs_recheck_months if scheme else DEFAULT_RECHECK_MONTHS
    facts = sqlfacts.facts(scheme_id, mentee, today, exclude, months)
    seen = SqlFacts(facts.c, mentee, today, cutoff)
    flags = {
        _code_column(rule.code): case((rule.sql(seen), literal(1)), else_=literal(0))
        for rule in RULES
    }
    return facts, flags


# What a listed mentor needs besides the flags.
_FIELDS = ("id", "name", "capacity", "load", "area", "languages", "needs_experience", "expires_on")


def _columns(facts) -> list[ColumnElement]:
    return [facts.c[name] for name in _FIELDS]


def _screened(row, positions: dict[str, int] | None) -> Screened:
    """A row as a Screened mentor; ``positions`` are where each code's 0/1 column is (None: the
    row passes, so none is set)."""
    codes = () if positions is None else tuple(c for c, i in positions.items() if row[i])
    kinds = tuple(dict.fromkeys(KIND_OF_CODE[c] for c in codes if c in KIND_OF_CODE))
    return Screened(
        id=row.id,
        name=row.name,
        kinds=kinds,
        capacity=row.capacity,
        load=row.load,
        area=row.area or "",
        languages_json=row.languages,
        needs_json=row.needs_experience,
        expires_on=row.expires_on,
        codes=codes,
    )


def _passing_reader(result):
    """A fast reader of passing rows (thousands per page view): the columns Screened needs,
    fetched by position."""
    keys = list(result.keys())
    pick = itemgetter(*(keys.index(name) for name in _FIELDS))

    def read(row) -> Screened:
        id_, name, capacity, load, area, languages, needs, expires_on = pick(row)
        return Screened(id_, name, (), capacity, load, area or "", languages, needs, expires_on)

    return read


def _positions(result, names: Iterable[str], column) -> dict[str, int]:
    keys = list(result.keys())
    return {name: keys.index(column(name)) for name in names}


def screen(
    session: Session,
    scheme_id: int,
    mentee: Mentee,
    today: date,
    *,
    exclude_matched_with: int | None = None,
) -> list[Screened]:
    """Every mentor of the scheme (``services.mentors_of``) against ``mentee``, in one statement.

    ``exclude_matched_with`` leaves out mentors with an open match with that mentee. Rows come
    by name, then id.
    """
    facts, flags = prepare(session, scheme_id, mentee, today, exclude_matched_with)
    stmt = select(*_columns(facts), *(flag.label(k) for k, flag in flags.items()))
    stmt = stmt.order_by(facts.c.name, facts.c.id)
    result = session.connection().execute(stmt)
    positions = _positions(result, (rule.code for rule in RULES), _code_column)
    return [_screened(row, positions) for row in result]


PASSING, PAGE, TOTALS = 0, 1, 2


@dataclass
class Screening:
    """Every mentor who passes, one page of those who do not, and the totals."""

    passing: list[Screened]
    blocked: list[Screened]  # the page asked for, nearest to passing first
    blocked_total: int
    blocked_by_kind: dict[str, int]


def screen_page(
    session: Session,
    scheme_id: int,
    mentee: Mentee,
    today: date,
    *,
    offset: int,
    limit: int,
    name: str = "",
    exclude_matched_with: int | None = None,
) -> Screening:
    """Like ``screen``, but only the passing mentors and one page of the rest reach Python.

    Blocked mentors are ordered by how many kinds of reason block them, then by name. One
    statement in three parts, told apart by ``part``: every passing mentor; one page of the
    rest; and one row of totals (the number blocked in ``load``, the number blocked by each kind
    in that kind's column). ``name`` keeps mentors whose name contains it (any case).
    """
    facts, flags = prepare(session, scheme_id, mentee, today, exclude_matched_with)
    wanted = name.strip().lower()
    kept = func.lower(facts.c.name).contains(wanted, autoescape=True) if wanted else true()
    coded = (
        select(*_columns(facts), *(flag.label(k) for k, flag in flags.items()))
        .where(kept)
        .subquery("coded")
    )
    codes_of = {kind: [c for c, k in KIND_OF_CODE.items() if k == kind] for kind in KINDS}
    kinds = {
        kind: case((or_(*(coded.c[_code_column(c)] == 1 for c in codes)), 1), else_=0)
        for kind, codes in codes_of.items()
    }
    # The flags are worked out once per mentor, then read by each of the three parts.
    flagged = (
        select(
            *coded.c,
            *(flag.label(_kind_column(kind)) for kind, flag in kinds.items()),
            # How many kinds block the mentor; another scheme's mentor counts as blocked too.
            sum(list(kinds.values()), coded.c[_code_column("other_scheme")]).label("kinds"),
        )
        .cte("flagged")
        .prefix_with("MATERIALIZED")
    )
    shown = [c for c in flagged.c if c.name != "kinds"]
    passing = select(literal(PASSING).label("part"), *shown).where(flagged.c.kinds == 0)
    page = (
        select(literal(PAGE).label("part"), *shown)
        .where(flagged.c.kinds > 0)
        .order_by(flagged.c.kinds, flagged.c.name, flagged.c.id)
        .offset(offset)
        .limit(limit)
        .subquery("page")
    )
    summed = {_kind_column(kind) for kind in KINDS}

    def total(column):
        if column.name == "load":
            return func.count(case((flagged.c.kinds > 0, literal(1)))).label("load")
        if column.name in summed:
            return func.coalesce(func.sum(column), 0).label(column.name)
        return null().label(column.name)

    totals = select(literal(TOTALS).label("part"), *(total(column) for column in shown))
    out = Screening(passing=[], blocked=[], blocked_total=0, blocked_by_kind={})
    result = session.connection().execute(union_all(passing, select(page), totals))
    codes = _positions(result, (rule.code for rule in RULES), _code_column)
    by_kind = _positions(result, KINDS, _kind_column)
    passing = _passing_reader(result)
    for row in result:
        if row.part == PASSING:
            out.passing.append(passing(row))
        elif row.part == PAGE:
            out.blocked.append(_screened(row, codes))
        else:
            out.blocked_total = row.load
            out.blocked_by_kind = {k: row[i] for k, i in by_kind.items() if row[i]}
    return out


class HasKinds(Protocol):
    kinds: tuple[str, ...]


def counts_by_kind(rows: Iterable[HasKinds]) -> dict[str, int]:
    """How many mentors each kind of reason blocks, in the gate's order (none: left out)."""
    counts = dict.fromkeys(KINDS, 0)
    for row in rows:
        for kind in row.kinds:
            counts[kind] += 1
    return {kind: n for kind, n in counts.items() if n}
