"""What the gate's SQL side knows about a scheme's mentors: one row of facts per mentor.

The screening statement (``screening``) reads these columns; each rule's ``sql`` flag in
``rules`` is a plain expression over them (through ``SqlFacts``), so no subquery runs twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
    or_,
    select,
)
from sqlalchemy.orm import aliased

from lms.accounts.models import Person
from lms.certificates.models import Certificate
from lms.certificates.status import EXPIRED, REVOKED, SUSPENDED
from lms.matching.gate.load import is_open, load_of
from lms.matching.gate.needs import required_competences
from lms.matching.models import DeclaredConflict, Match, Mentee, MentorProfile, SupervisionSession
from lms.vetting.latest import latest_value
from lms.vetting.models import VettingCheck
from lms.vetting.recheck_sql import recheck_lapsed

# The ways a certificate the gate reads can have stopped that a reason names.
STOPPED_STATES = (EXPIRED, SUSPENDED, REVOKED)
PRACTISING, SUPERSEDED = "practising", "superseded"


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


def _in_state(name: str, today: date) -> ColumnElement[bool]:
    """Whether a certificate is in state ``name`` as ``status_on`` gives it (revoked, then
    superseded, suspended, expired, else practising: the renewal window still practises), as
    plain tests of its columns (cheaper on every certificate than comparing a CASE's text)."""
    order = (
        (REVOKED, Certificate.revoked_at.is_not(None)),
        (SUPERSEDED, Certificate.superseded_at.is_not(None)),
        (SUSPENDED, Certificate.suspended_at.is_not(None)),
        (EXPIRED, Certificate.valid_until < today),
    )
    earlier = []
    for state, test in order:
        if state == name:
            return and_(*(~before for before in earlier), test)
        earlier.append(test)
    return and_(*(~before for before in earlier))  # practising (valid_until is never NULL)


def _certificates(scheme_id: int, mentee: Mentee, today: date):
    """Per person of the scheme: what their certificates cover, practising and stopped.

    The gate reads current certificates and revoked ones (``read``); superseded ones are
    history. ``covers_i`` is whether a practising one covers the i-th competence needed,
    ``stopped_covers_i`` whether a stopped one does, ``<state>_any`` and ``<state>_covers_i``
    the same for each way of stopping.
    """
    read = or_(Certificate.current.is_(True), Certificate.revoked_at.is_not(None))
    practising = and_(Certificate.current.is_(True), _in_state(PRACTISING, today))
    stopped = and_(read, ~_in_state(PRACTISING, today))
    needed = [_has_competence(c) for c in required_competences(mentee)]

    def any_of(condition) -> ColumnElement[int]:
        return func.max(case((condition, literal(1)), else_=0))

    columns = [
        any_of(read).label("held"),
        func.min(case((Certificate.current.is_(True), Certificate.valid_from))).label(
            "first_issued"
        ),
        func.min(case((practising, Certificate.valid_until))).label("expires_on"),
        any_of(practising).label("practising"),
    ]
    for i, has in enumerate(needed):
        columns.append(any_of(and_(practising, has)).label(f"covers_{i}"))
    in_scheme = Certificate.person_id.in_(select(Person.id).where(Person.scheme_id == scheme_id))
    held = (
        select(Certificate.person_id.label("person_id"), *columns)
        .where(in_scheme)
        .group_by(Certificate.person_id)
        .subquery("certs")
    )
    # Stopped certificates are few: their columns come from those rows alone.
    stopping = [any_of(has).label(f"stopped_covers_{i}") for i, has in enumerate(needed)]
    for name in STOPPED_STATES:
        stopping.append(any_of(_in_state(name, today)).label(f"{name}_any"))
        for i, has in enumerate(needed):
            stopping.append(any_of(and_(_in_state(name, today), has)).label(f"{name}_covers_{i}"))
    stopped_rows = (
        select(Certificate.person_id.label("person_id"), *stopping)
        .where(in_scheme, stopped)
        .group_by(Certificate.person_id)
        .subquery("stopped")
    )
    names = [c.name for c in stopping]
    return (
        select(
            *held.c,
            *(func.coalesce(stopped_rows.c[n], 0).label(n) for n in names),
        )
        .outerjoin(stopped_rows, stopped_rows.c.person_id == held.c.person_id)
        .subquery("certs_all")
    )


def facts(
    scheme_id: int,
    mentee: Mentee,
    today: date,
    exclude_matched_with: int | None,
    recheck_months: int,
) -> CTE:
    """One row per mentor with every fact the gate reads, materialised once.

    ``recheck_months`` is the scheme's DBS recheck interval: whether the latest check's recheck
    has lapsed is one comparison per mentor (``recheck_lapsed``), not month arithmetic.

    Certificates come from one derived table grouped per person over the scheme's people; the
    latest DBS check, the last supervision and the load are index seeks per mentor.
    """
    certs = _certificates(scheme_id, mentee, today)

    def latest_check(column):  # one index seek per mentor (ix_vetting_checks_person_latest)
        return latest_value(column, Person.id)

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
            Person.scheme_id,
            Person.active,
            profile.id.label("profile_id"),
            profile.available,
            profile.capacity,
            profile.gender,
            profile.area,
            # Read as text: only the mentors who pass need them decoded.
            cast(profile.languages, Text).label("languages"),
            cast(profile.needs_experience, Text).label("needs_experience"),
            load_of(Person.id).label("load"),
            select(func.max(SupervisionSession.held_on))
            .where(SupervisionSession.mentor_id == Person.id)
            .scalar_subquery()
            .label("last_held"),
            latest_check(VettingCheck.level).label("check_level"),
            # The recheck date counts up to the interval after the certificate (or the last
            # Update Service status check), as verdict's Python side has it.
            latest_check(
                case((recheck_lapsed(VettingCheck, recheck_months, today), 1), else_=0)
            ).label("recheck_lapsed"),
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
                is_open(Match.status),
            )
        )
    # Materialised: otherwise the database may copy each fact's subquery into every flag.
    return stmt.cte("facts").prefix_with("MATERIALIZED")


@dataclass(frozen=True)
class SqlFacts:
    """The facts' columns and the day and mentee they were read for, as the rules see them."""

    c: object  # the facts CTE's columns
    mentee: Mentee
    today: date
    cutoff: date  # supervision before this day is overdue

    @property
    def needed(self) -> range:
        return range(len(required_competences(self.mentee)))

    def stopped_matters(self, state: str) -> ColumnElement[bool]:
        """A certificate stopped this way matters: nothing practises, or it covers a gap."""
        c = self.c
        gap = [and_(c[f"{state}_covers_{i}"] == 1, c[f"covers_{i}"] == 0) for i in self.needed]
        return and_(c[f"{state}_any"] == 1, or_(c.practising == 0, *gap))

    def uncovered(self) -> ColumnElement[bool]:
        """Some need no certificate covers, practising or stopped (when any is held)."""
        c = self.c
        gaps = [and_(c[f"covers_{i}"] == 0, c[f"stopped_covers_{i}"] == 0) for i in self.needed]
        return and_(c.held == 1, or_(*gaps))
