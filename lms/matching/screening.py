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
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import (
    ColumnElement,
    Select,
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
from sqlalchemy.dialects.postgresql import JSONB
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


def _has_competence(session: Session, competence: str) -> ColumnElement[bool]:
    """Whether a certificate's JSON list of competences holds ``competence``.

    PostgreSQL asks its JSON operators. SQLite looks for the quoted code in the stored text,
    which is exact for codes without quotes or backslashes (``"peer-mentoring"`` can only appear
    as a whole element; inside a longer string its quotes would be escaped) and avoids
    unpacking every certificate's list.
    """
    if session.get_bind().dialect.name == "postgresql":
        return Certificate.competences.cast(JSONB).contains([competence])
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
    session: Session,
    scheme_id: int,
    mentee: Mentee,
    today: date,
    cutoff: date,
    exclude_matched_with: int | None,
) -> tuple[Select, list[str]]:
    """One row per mentor: id, name, profile, load, first expiry and a 0/1 column per kind.

    Certificates come from one derived table grouped per person over the scheme's people; the
    latest DBS check, the last supervision and the load are index seeks per mentor.
    """
    practising = _practising(today)
    needed = required_competences(mentee)
    certs = (
        select(
            Certificate.person_id.label("person_id"),
            func.min(case((Certificate.current.is_(True), Certificate.valid_from))).label(
                "first_issued"
            ),
            func.min(case((practising, Certificate.valid_until))).label("expires_on"),
            *(
                func.max(
                    case((and_(practising, _has_competence(session, c)), literal(1)), else_=0)
                ).label(f"covers_{i}")
                for i, c in enumerate(needed)
            ),
        )
        .join(Person, Person.id == Certificate.person_id)
        .where(Person.scheme_id == scheme_id)
        .group_by(Certificate.person_id)
        .subquery("certs")
    )
    last = (
        select(func.max(SupervisionSession.held_on))
        .where(SupervisionSession.mentor_id == Person.id)
        .scalar_subquery()
    )
    load = (
        select(func.count(Match.id))
        .where(Match.mentor_id == Person.id, Match.status.in_(OPEN_STATUSES))
        .scalar_subquery()
    )
    latest = (
        select(VettingCheck.id)
        .where(VettingCheck.person_id == Person.id)
        .order_by(VettingCheck.certificate_date.desc(), VettingCheck.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    vetting = aliased(VettingCheck)
    profile = aliased(MentorProfile)

    level = required_vetting_level(mentee)
    vetting_flag = or_(vetting.id.is_(None), vetting.recheck_due < today)
    if level:  # a check below the level needed
        lower = LEVEL_ORDER[: LEVEL_ORDER.index(level)]
        vetting_flag = or_(vetting_flag, vetting.level.in_(lower))
    first = certs.c.first_issued
    wanted = mentee.gender_preference
    flags: dict[str, ColumnElement[bool]] = {
        "certificate": ~and_(*(certs.c[f"covers_{i}"] == 1 for i in range(len(needed)))),
        "vetting": vetting_flag,
        # Due when both the first current certificate and the last session are before the cutoff.
        "supervision": and_(
            or_(first.is_not(None), last.is_not(None)),
            or_(first.is_(None), first < cutoff),
            or_(last.is_(None), last < cutoff),
        ),
        "unavailable": or_(profile.id.is_(None), profile.available.is_(False)),
        "at_capacity": and_(profile.id.is_not(None), load >= profile.capacity),
        "conflict_declared": (
            exists().where(
                DeclaredConflict.mentor_id == Person.id, DeclaredConflict.mentee_id == mentee.id
            )
            if mentee.id is not None
            else false()
        ),
        "gender_preference": (
            func.coalesce(profile.gender, "not_said") != wanted
            if wanted in ("woman", "man")
            else false()
        ),
        # About the mentee, not the mentor: until it is recorded nobody passes.
        "probation_agreement_missing": (
            true() if mentee.needs_probation_agreement and not mentee.probation_agreed else false()
        ),
    }
    stmt = (
        select(
            Person.id,
            Person.name,
            profile.capacity,
            load.label("load"),
            profile.area,
            # Read as text: only the mentors who pass need them decoded.
            cast(profile.languages, Text).label("languages"),
            cast(profile.needs_experience, Text).label("needs_experience"),
            certs.c.expires_on,
            *(case((flag, literal(1)), else_=literal(0)).label(k) for k, flag in flags.items()),
        )
        .join(certs, certs.c.person_id == Person.id)
        .outerjoin(profile, profile.person_id == Person.id)
        .outerjoin(vetting, vetting.id == latest)
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
    return stmt, list(flags)


def _cutoff(session: Session, scheme_id: int, today: date) -> date:
    """The day before which a mentor's supervision is overdue, by the scheme's interval."""
    scheme = session.get(Scheme, scheme_id)
    return today - timedelta(weeks=scheme.supervision_interval_weeks if scheme else 6)


def _screened(row, names: list[str]) -> Screened:
    return Screened(
        id=row.id,
        name=row.name,
        kinds=tuple(name for name in names if row._mapping[name]),
        capacity=row.capacity,
        load=row.load,
        area=row.area or "",
        languages_json=row.languages,
        needs_json=row.needs_experience,
        expires_on=row.expires_on,
    )


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
    cutoff = _cutoff(session, scheme_id, today)
    stmt, names = _facts(session, scheme_id, mentee, today, cutoff, exclude_matched_with)
    stmt = stmt.order_by(Person.name, Person.id)
    return [_screened(row, names) for row in session.connection().execute(stmt)]


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
    """Like ``screen``, but the database keeps only the passing mentors and one page of the rest.

    Blocked mentors are ordered by how many kinds of reason block them, then by name; the
    totals and the counts by kind are window sums over every mentor, so a scheme of thousands
    costs one statement and only the rows a page needs reach Python. ``name`` keeps mentors
    whose name contains it (any case).
    """
    cutoff = _cutoff(session, scheme_id, today)
    facts, names = _facts(session, scheme_id, mentee, today, cutoff, exclude_matched_with)
    wanted = name.strip().lower()
    if wanted:
        facts = facts.where(func.lower(Person.name).contains(wanted, autoescape=True))
    # Materialised once: otherwise the database may copy each flag's subqueries into every
    # window expression that reads it.
    facts = facts.cte("facts").prefix_with("MATERIALIZED")
    kinds = sum((facts.c[n] for n in names[1:]), facts.c[names[0]])
    columns = [c for c in facts.c if c.name not in names]
    flags = [facts.c[n] for n in names]
    # Three parts in one statement, told apart by ``part``: every passing mentor; one page of
    # the rest, nearest to passing first; and one row of totals (the number blocked in
    # ``load``, the number blocked by each kind in that kind's column).
    passing = select(literal(PASSING).label("part"), *columns, *flags).where(kinds == 0)
    page = (
        select(literal(PAGE).label("part"), *columns, *flags)
        .where(kinds > 0)
        .order_by(kinds, facts.c.name, facts.c.id)
        .offset(offset)
        .limit(limit)
        .subquery("page")
    )

    def total(column):  # the totals row: the number blocked sits in ``load``
        if column.name == "load":
            return func.count(case((kinds > 0, literal(1)))).label("load")
        return null().label(column.name)

    totals = select(
        literal(TOTALS).label("part"),
        *(total(column) for column in columns),
        *(func.coalesce(func.sum(flag), 0).label(flag.name) for flag in flags),
    )
    stmt = union_all(passing, select(page), totals)
    out = Screening(passing=[], blocked=[], blocked_total=0, blocked_by_kind={})
    for row in session.connection().execute(stmt):
        if row.part == TOTALS:
            out.blocked_total = row.load
            out.blocked_by_kind = {n: row._mapping[n] for n in names}
        else:
            (out.passing if row.part == PASSING else out.blocked).append(_screened(row, names))
    out.blocked_by_kind = {k: n for k, n in out.blocked_by_kind.items() if n}
    return out


def counts_by_kind(rows: list[Screened]) -> dict[str, int]:
    """How many mentors each kind of reason blocks, in the gate's order (none: left out)."""
    counts = dict.fromkeys(KINDS, 0)
    for row in rows:
        for kind in row.kinds:
            counts[kind] += 1
    return {kind: n for kind, n in counts.items() if n}
