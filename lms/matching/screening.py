"""The gate as SQL, for lists: which of a scheme's mentors pass it, and why the others do not.

``gate.check_many`` is the authority: it words every reason, and it alone decides a match (again
inside the transaction). A scheme may have thousands of mentors, and running it for each of them
on every page view is too slow, so this module writes the same rules as one SQL statement with a
flag per kind of reason. The database reads every mentor of the scheme in one pass; pages then
count, order and page the rows, and run the gate only on the mentors they show.
``tests/functional/test_matching_screening.py`` checks the two agree for every mentor of a
scheme holding every case.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Protocol

from sqlalchemy import (
    CTE,
    ColumnElement,
    Text,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
    true,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from lms.accounts.models import Person, Scheme
from lms.certificates.models import Certificate
from lms.matching.gate import (
    OPEN_STATUSES,
    required_competences,
    required_vetting_level,
)
from lms.matching.models import DeclaredConflict, Match, Mentee, MentorProfile, SupervisionSession
from lms.vetting.models import LEVEL_ORDER, VettingCheck

# Kinds of reason, in the gate's order; each gate code belongs to exactly one kind.
KINDS = {
    "certificate": "No current certificate covering the mentee's needs",
    "vetting": "DBS check missing, too low or due a recheck",
    "supervision": "Supervision overdue",
    "unavailable": "Not taking new matches",
    "at_capacity": "No free places",
    "conflict_declared": "A declared conflict with this mentee",
    "gender_preference": "Not the gender the mentee asked for",
    "probation_agreement_missing": "Probation's agreement to a mentor not recorded",
}
KIND_OF_CODE = {
    "no_certificate": "certificate",
    "certificate_expired": "certificate",
    "certificate_suspended": "certificate",
    "certificate_revoked": "certificate",
    "missing_competence": "certificate",
    "vetting_missing": "vetting",
    "vetting_recheck_due": "vetting",
    "supervision_overdue": "supervision",
    "unavailable": "unavailable",
    "at_capacity": "at_capacity",
    "conflict_declared": "conflict_declared",
    "gender_preference": "gender_preference",
    "probation_agreement_missing": "probation_agreement_missing",
}


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

    @property
    def passes(self) -> bool:
        return not self.kinds

    @property
    def languages(self) -> list[str]:
        return json.loads(self.languages_json) if self.languages_json else []

    @property
    def needs_experience(self) -> list[str]:
        return json.loads(self.needs_json) if self.needs_json else []


def _has_competence(competence: str) -> ColumnElement[bool]:
    """Whether a certificate's JSON list of competences holds ``competence``.

    Looks for the quoted code in the stored JSON text, on both databases: exact for codes
    without quotes or backslashes (``"peer-mentoring"`` can only appear as a whole element;
    inside a longer string its quotes would be escaped), and far cheaper than unpacking every
    certificate's list.
    """
    if '"' in competence or "\\" in competence:
        raise ValueError(f"competence codes have no quotes or backslashes: {competence!r}")
    return cast(Certificate.competences, Text).contains(f'"{competence}"', autoescape=True)


def _practising(today: date) -> ColumnElement[bool]:
    """Whether a certificate lets its holder practise today (valid or in the renewal window)."""
    return and_(
        Certificate.current.is_(True),
        Certificate.revoked_at.is_(None),
        Certificate.superseded_at.is_(None),
        Certificate.suspended_at.is_(None),
        Certificate.valid_until >= today,
    )


def _facts(
    scheme_id: int,
    mentee: Mentee,
    today: date,
    exclude_matched_with: int | None,
) -> CTE:
    """One row per mentor with every fact the gate reads, materialised once.

    Certificates come from one derived table grouped per person over the scheme's people; the
    latest DBS check, the last supervision and the load are index seeks per mentor. The flags
    (``_flags``) are then plain expressions over these columns, so no subquery runs twice.
    """
    practising = _practising(today)
    certs = (
        select(
            Certificate.person_id.label("person_id"),
            func.min(case((Certificate.current.is_(True), Certificate.valid_from))).label(
                "first_issued"
            ),
            func.min(case((practising, Certificate.valid_until))).label("expires_on"),
            *(
                func.max(case((and_(practising, _has_competence(c)), literal(1)), else_=0)).label(
                    f"covers_{i}"
                )
                for i, c in enumerate(required_competences(mentee))
            ),
        )
        .join(Person, Person.id == Certificate.person_id)
        .where(Person.scheme_id == scheme_id)
        .group_by(Certificate.person_id)
        .subquery("certs")
    )

    def latest_check(column):  # one index-only seek per mentor (ix_vetting_checks_person_latest)
        return (
            select(column)
            .where(VettingCheck.person_id == Person.id)
            .order_by(VettingCheck.certificate_date.desc(), VettingCheck.id.desc())
            .limit(1)
            .scalar_subquery()
        )

    profile = aliased(MentorProfile)
    conflict = (
        exists().where(
            DeclaredConflict.mentor_id == Person.id, DeclaredConflict.mentee_id == mentee.id
        )
        if mentee.id is not None
        else false()
    )
    stmt = (
        select(
            Person.id,
            Person.name,
            profile.id.label("profile_id"),
            profile.available,
            profile.capacity,
            profile.gender,
            profile.area,
            # Read as text: only the mentors who pass need them decoded.
            cast(profile.languages, Text).label("languages"),
            cast(profile.needs_experience, Text).label("needs_experience"),
            select(func.count(Match.id))
            .where(Match.mentor_id == Person.id, Match.status.in_(OPEN_STATUSES))
            .scalar_subquery()
            .label("load"),
            select(func.max(SupervisionSession.held_on))
            .where(SupervisionSession.mentor_id == Person.id)
            .scalar_subquery()
            .label("last_held"),
            latest_check(VettingCheck.level).label("check_level"),
            latest_check(VettingCheck.recheck_due).label("recheck_due"),
            case((conflict, literal(1)), else_=literal(0)).label("conflict"),
            *(c for c in certs.c if c.name != "person_id"),
        )
        .join(certs, certs.c.person_id == Person.id)
        .outerjoin(profile, profile.person_id == Person.id)
        .where(Person.scheme_id == scheme_id, Person.active.is_(True))
    )
    if exclude_matched_with is not None:
        stmt = stmt.where(
            ~exists().where(
                Match.mentor_id == Person.id,
                Match.mentee_id == exclude_matched_with,
                Match.status.in_(OPEN_STATUSES),
            )
        )
    # Materialised: otherwise the database may copy each fact's subquery into every flag.
    return stmt.cte("facts").prefix_with("MATERIALIZED")


def _flags(facts: CTE, mentee: Mentee, today: date, cutoff: date) -> dict[str, ColumnElement]:
    """Each kind of reason as a 0/1 expression over the facts, in the gate's order."""
    c = facts.c
    vetting = or_(c.check_level.is_(None), c.recheck_due < today)
    level = required_vetting_level(mentee)
    if level:  # a check below the level needed
        vetting = or_(vetting, c.check_level.in_(LEVEL_ORDER[: LEVEL_ORDER.index(level)]))
    covered = [c[f"covers_{i}"] == 1 for i in range(len(required_competences(mentee)))]
    wanted = mentee.gender_preference
    flags: dict[str, ColumnElement[bool]] = {
        "certificate": ~and_(*covered),
        "vetting": vetting,
        # Due when both the first current certificate and the last session are before the cutoff.
        "supervision": and_(
            or_(c.first_issued.is_not(None), c.last_held.is_not(None)),
            or_(c.first_issued.is_(None), c.first_issued < cutoff),
            or_(c.last_held.is_(None), c.last_held < cutoff),
        ),
        "unavailable": or_(c.profile_id.is_(None), c.available.is_(False)),
        "at_capacity": and_(c.profile_id.is_not(None), c.load >= c.capacity),
        "conflict_declared": c.conflict == 1,
        "gender_preference": (
            func.coalesce(c.gender, "not_said") != wanted if wanted in ("woman", "man") else false()
        ),
        # About the mentee, not the mentor: until it is recorded nobody passes.
        "probation_agreement_missing": (
            true() if mentee.needs_probation_agreement and not mentee.probation_agreed else false()
        ),
    }
    return {k: case((flag, literal(1)), else_=literal(0)) for k, flag in flags.items()}


def _prepare(
    session: Session, scheme_id: int, mentee: Mentee, today: date, exclude: int | None
) -> tuple[CTE, dict[str, ColumnElement]]:
    scheme = session.get(Scheme, scheme_id)
    cutoff = today - timedelta(weeks=scheme.supervision_interval_weeks if scheme else 6)
    facts = _facts(scheme_id, mentee, today, exclude)
    return facts, _flags(facts, mentee, today, cutoff)


def _columns(facts: CTE) -> list[ColumnElement]:
    """What a listed mentor needs besides the flags."""
    names = ("id", "name", "capacity", "load", "area", "languages", "needs_experience")
    return [facts.c[name] for name in (*names, "expires_on")]


def _screened(row, flags: list[int] | None, names: list[str]) -> Screened:
    """A row as a Screened mentor; ``flags`` are the positions of the kinds' 0/1 columns
    (None: the row passes, so none is set)."""
    kinds = () if flags is None else tuple(n for n, i in zip(names, flags, strict=True) if row[i])
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
    )


def _positions(result, names: list[str]) -> list[int]:
    keys = list(result.keys())
    return [keys.index(name) for name in names]


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
    facts, flags = _prepare(session, scheme_id, mentee, today, exclude_matched_with)
    stmt = select(*_columns(facts), *(flag.label(k) for k, flag in flags.items()))
    stmt = stmt.order_by(facts.c.name, facts.c.id)
    result = session.connection().execute(stmt)
    names = list(flags)
    positions = _positions(result, names)
    return [_screened(row, positions, names) for row in result]


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
    facts, flags = _prepare(session, scheme_id, mentee, today, exclude_matched_with)
    names = list(flags)
    wanted = name.strip().lower()
    kept = func.lower(facts.c.name).contains(wanted, autoescape=True) if wanted else true()
    # The flags are worked out once per mentor, then read by each of the three parts.
    flagged = (
        select(
            *_columns(facts),
            *(flag.label(k) for k, flag in flags.items()),
            sum(list(flags.values())[1:], flags[names[0]]).label("kinds"),
        )
        .where(kept)
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

    def total(column):
        if column.name == "load":
            return func.count(case((flagged.c.kinds > 0, literal(1)))).label("load")
        if column.name in flags:
            return func.coalesce(func.sum(column), 0).label(column.name)
        return null().label(column.name)

    totals = select(literal(TOTALS).label("part"), *(total(column) for column in shown))
    out = Screening(passing=[], blocked=[], blocked_total=0, blocked_by_kind={})
    result = session.connection().execute(union_all(passing, select(page), totals))
    positions = _positions(result, names)
    for row in result:
        if row.part == PASSING:
            out.passing.append(_screened(row, None, names))
        elif row.part == PAGE:
            out.blocked.append(_screened(row, positions, names))
        else:
            out.blocked_total = row.load
            totals = zip(names, positions, strict=True)
            out.blocked_by_kind = {n: row[i] for n, i in totals if row[i]}
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
