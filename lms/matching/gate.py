"""The matching gate: may this mentor be matched with this mentee, and if not, every reason why."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person, Scheme
from lms.certificates.competences import competence_label
from lms.certificates.models import Certificate, CertificateDefinition
from lms.certificates.status import EXPIRED, REVOKED, SUSPENDED, allows_practice, status_on
from lms.matching.models import (
    ACTIVE,
    CONFLICT_KINDS,
    GENDER_PREFERENCES,
    GENDERS,
    PAUSED,
    PROPOSED,
    DeclaredConflict,
    Match,
    Mentee,
    MentorProfile,
    SupervisionSession,
)
from lms.ukdates import uk_date
from lms.vetting.models import LEVEL_ORDER, LEVELS, VettingCheck

OPEN_STATUSES = (PROPOSED, ACTIVE, PAUSED)
PEER_MENTORING, UNDER_18S = "peer-mentoring", "mentor-under-18s"
# Mentoring under-18s is regulated activity with children: the check must include the barred list.
UNDER_18S_VETTING = "enhanced_barred"
# Reasons are always listed in this order, so pages and the API show them consistently.
CODES = (
    "other_scheme",
    "no_certificate",
    "certificate_expired",
    "certificate_suspended",
    "certificate_revoked",
    "missing_competence",
    "vetting_missing",
    "vetting_recheck_due",
    "supervision_overdue",
    "unavailable",
    "at_capacity",
    "conflict_declared",
    "gender_preference",
    "probation_agreement_missing",
)
_ORDER = {code: i for i, code in enumerate(CODES)}
_STOPPED_CODES = {
    EXPIRED: "certificate_expired",
    SUSPENDED: "certificate_suspended",
    REVOKED: "certificate_revoked",
}
# Keeps every IN (...) list well inside SQLite's and PostgreSQL's bound-parameter limits.
CHUNK = 5000


@dataclass(frozen=True)
class Reason:
    """Why a mentor may not be matched: a stable code and a message naming the fix."""

    code: str
    message: str


@dataclass
class GateResult:
    """The gate's answer for one mentor and one mentee.

    ``profile`` and ``load`` (open matches, not counting the ignored one) are what the gate
    loaded on the way, so ranking needs no further queries.
    """

    mentor: Person
    mentee: Mentee
    reasons: list[Reason]
    profile: MentorProfile | None = field(default=None, compare=False, repr=False)
    load: int = field(default=0, compare=False)

    @property
    def allowed(self) -> bool:
        return not self.reasons

    @property
    def codes(self) -> list[str]:
        return [reason.code for reason in self.reasons]


def required_competences(mentee: Mentee) -> list[str]:
    """The certificate competences a mentor needs for this mentee."""
    needed = [PEER_MENTORING]
    if mentee.under_18:
        needed.append(UNDER_18S)
    return needed


def required_vetting_level(mentee: Mentee) -> str | None:
    """The lowest DBS level a mentor needs for this mentee (None: any recorded check)."""
    return UNDER_18S_VETTING if mentee.under_18 else None


def check(
    session: Session,
    mentor: Person,
    mentee: Mentee,
    today: date,
    *,
    ignore_match_id: int | None = None,
) -> GateResult:
    """Whether ``mentor`` may be matched with ``mentee`` on ``today``, with every reason if not.

    ``ignore_match_id`` leaves one match out of the mentor's load (the one being activated or
    resumed). A pure read with a fixed number of queries.
    """
    return check_many(session, [mentor], mentee, today, ignore_match_id=ignore_match_id)[0]


def check_many(
    session: Session,
    mentors: Sequence[Person],
    mentee: Mentee,
    today: date,
    *,
    ignore_match_id: int | None = None,
) -> list[GateResult]:
    """The gate for many mentors at once, in their order, with a fixed number of queries."""
    facts = _Facts.load(session, [m.id for m in mentors], mentee, ignore_match_id)
    scheme = session.get(Scheme, mentee.scheme_id)
    interval = scheme.supervision_interval_weeks if scheme else 6
    results = []
    for mentor in mentors:
        profile = facts.profiles.get(mentor.id)
        load = facts.loads.get(mentor.id, 0)
        reasons = _reasons(mentor, mentee, today, interval, facts, profile, load)
        reasons.sort(key=lambda r: _ORDER[r.code])
        results.append(GateResult(mentor, mentee, reasons, profile, load))
    return results


@dataclass
class _Facts:
    """Everything the gate needs about a set of mentors, loaded in bulk."""

    certificates: dict[int, list[Row]] = field(default_factory=dict)
    profiles: dict[int, MentorProfile] = field(default_factory=dict)
    vetting: dict[int, Row] = field(default_factory=dict)
    supervised: dict[int, date] = field(default_factory=dict)
    loads: dict[int, int] = field(default_factory=dict)
    conflicts: dict[int, list[str]] = field(default_factory=dict)

    @classmethod
    def load(
        cls, session: Session, ids: list[int], mentee: Mentee, ignore_match_id: int | None
    ) -> _Facts:
        facts = cls()
        for chunk in _chunks(ids):
            facts._load_chunk(session, chunk, mentee, ignore_match_id)
        return facts

    def _load_chunk(
        self, session: Session, ids: list[int], mentee: Mentee, ignore_match_id: int | None
    ) -> None:
        # Current certificates, plus revoked ones so a revocation can be named; superseded
        # certificates are history and play no part.
        certs = select(
            Certificate.person_id,
            Certificate.number,
            Certificate.competences,
            Certificate.valid_from,
            Certificate.valid_until,
            Certificate.suspended_at,
            Certificate.review_date,
            Certificate.revoked_at,
            Certificate.superseded_at,
            Certificate.current,
            CertificateDefinition.renewal_window_days,
        ).join(CertificateDefinition, CertificateDefinition.id == Certificate.definition_id)
        certs = certs.where(
            Certificate.person_id.in_(ids),
            or_(Certificate.current, Certificate.revoked_at.is_not(None)),
        ).order_by(Certificate.person_id, Certificate.valid_from, Certificate.id)
        for row in session.execute(certs):
            self.certificates.setdefault(row.person_id, []).append(row)

        for profile in session.scalars(
            select(MentorProfile).where(MentorProfile.person_id.in_(ids))
        ):
            self.profiles[profile.person_id] = profile

        ranked = (
            select(
                VettingCheck.person_id,
                VettingCheck.level,
                VettingCheck.recheck_due,
                func.row_number()
                .over(
                    partition_by=VettingCheck.person_id,
                    order_by=(VettingCheck.certificate_date.desc(), VettingCheck.id.desc()),
                )
                .label("position"),
            )
            .where(VettingCheck.person_id.in_(ids))
            .subquery()
        )
        latest = select(ranked.c.person_id, ranked.c.level, ranked.c.recheck_due).where(
            ranked.c.position == 1
        )
        for row in session.execute(latest):
            self.vetting[row.person_id] = row

        supervised = (
            select(SupervisionSession.mentor_id, func.max(SupervisionSession.held_on))
            .where(SupervisionSession.mentor_id.in_(ids))
            .group_by(SupervisionSession.mentor_id)
        )
        self.supervised.update(dict(session.execute(supervised).all()))

        loads = select(Match.mentor_id, func.count(Match.id)).where(
            Match.mentor_id.in_(ids), Match.status.in_(OPEN_STATUSES)
        )
        if ignore_match_id is not None:
            loads = loads.where(Match.id != ignore_match_id)
        self.loads.update(dict(session.execute(loads.group_by(Match.mentor_id)).all()))

        conflicts = select(DeclaredConflict.mentor_id, DeclaredConflict.kind).where(
            DeclaredConflict.mentor_id.in_(ids), DeclaredConflict.mentee_id == mentee.id
        )
        for mentor_id, kind in session.execute(conflicts.order_by(DeclaredConflict.kind)):
            self.conflicts.setdefault(mentor_id, []).append(kind)


def _chunks(ids: list[int]) -> Iterator[list[int]]:
    if not ids:
        yield []
        return
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def _reasons(
    mentor: Person,
    mentee: Mentee,
    today: date,
    interval_weeks: int,
    facts: _Facts,
    profile: MentorProfile | None,
    load: int,
) -> list[Reason]:
    reasons: list[Reason] = []
    if mentor.scheme_id != mentee.scheme_id:
        reasons.append(
            Reason(
                "other_scheme",
                "Belongs to another scheme. Only the mentee's own scheme's mentors can be matched.",
            )
        )
    certs = facts.certificates.get(mentor.id, [])
    reasons += _certificate_reasons(certs, mentee, today)
    reasons += _vetting_reasons(facts.vetting.get(mentor.id), mentee, today)
    reasons += _supervision_reasons(certs, facts.supervised.get(mentor.id), today, interval_weeks)
    reasons += _availability_reasons(mentor, profile, load)
    kinds = facts.conflicts.get(mentor.id)
    if kinds:
        named = ", ".join(CONFLICT_KINDS.get(k, k).lower() for k in kinds)
        reasons.append(
            Reason(
                "conflict_declared",
                f"A conflict with this mentee is declared ({named}). Choose another mentor.",
            )
        )
    reasons += _preference_reasons(mentee, profile)
    return reasons


def _certificate_reasons(certs: list[Row], mentee: Mentee, today: date) -> list[Reason]:
    if not certs:
        return [
            Reason(
                "no_certificate",
                "Holds no certificate. A trainer must issue one before they can be matched.",
            )
        ]
    needed = required_competences(mentee)
    practising, stopped = [], []
    for cert in certs:
        state = status_on(cert, today, cert.renewal_window_days)
        (practising if allows_practice(state) else stopped).append((cert, state))
    covered = {c for cert, _ in practising for c in cert.competences}
    missing = [c for c in needed if c not in covered]
    reasons: list[Reason] = []
    # A stopped certificate matters when nothing practising is held, or it would cover a gap.
    relevant = [
        (cert, state)
        for cert, state in stopped
        if not practising or set(cert.competences) & set(missing)
    ]
    by_code: dict[str, list[Row]] = {}
    for cert, state in relevant:
        if state in _STOPPED_CODES:
            by_code.setdefault(_STOPPED_CODES[state], []).append(cert)
    for code, rows in by_code.items():
        reasons.append(Reason(code, _stopped_message(code, rows)))
    could_cover = covered | {c for cert, _ in relevant for c in cert.competences}
    gaps = [c for c in missing if c not in could_cover]
    if gaps:
        labels = "; ".join(competence_label(c) for c in gaps)
        reasons.append(
            Reason(
                "missing_competence",
                f"No current certificate covers what this mentee needs: {labels}. "
                "They need a certificate that includes it.",
            )
        )
    return reasons


def _stopped_message(code: str, rows: list[Row]) -> str:
    numbers = ", ".join(row.number for row in rows)
    if code == "certificate_expired":
        ended = uk_date(max(row.valid_until for row in rows))
        return f"Certificate {numbers} expired on {ended}. A trainer must renew it."
    if code == "certificate_suspended":
        reviews = [row.review_date for row in rows if row.review_date]
        review = f" (review date {uk_date(min(reviews))})" if reviews else ""
        return (
            f"Certificate {numbers} is suspended{review}. "
            "A coordinator must reinstate it before they can be matched."
        )
    return (
        f"Certificate {numbers} was revoked. "
        "They cannot be matched unless a new certificate is earned and issued."
    )


def _vetting_reasons(check_row: Row | None, mentee: Mentee, today: date) -> list[Reason]:
    level = required_vetting_level(mentee)
    if check_row is None:
        return [Reason("vetting_missing", "No DBS check is recorded. Record one first.")]
    reasons = []
    if level and LEVEL_ORDER.index(check_row.level) < LEVEL_ORDER.index(level):
        reasons.append(
            Reason(
                "vetting_missing",
                f"Mentoring under-18s needs a DBS check at level "
                f"'{LEVELS[level].lower()}'; the check recorded is "
                f"'{LEVELS[check_row.level].lower()}'. Record a check at that level.",
            )
        )
    if check_row.recheck_due < today:
        reasons.append(
            Reason(
                "vetting_recheck_due",
                f"The DBS recheck was due on {uk_date(check_row.recheck_due)}. "
                "Record the new check.",
            )
        )
    return reasons


def _supervision_reasons(
    certs: Iterable[Row], last_held: date | None, today: date, interval_weeks: int
) -> list[Reason]:
    issued = [cert.valid_from for cert in certs if cert.current]
    if not issued and last_held is None:
        return []  # nobody is due supervision before they hold a certificate
    since = max(d for d in [*issued[:1], last_held] if d is not None)
    if since >= today - timedelta(weeks=interval_weeks):
        return []
    if last_held is None or last_held < since:
        when = f"since their certificate was issued on {uk_date(since)}"
    else:
        when = f"since {uk_date(since)}"
    return [
        Reason(
            "supervision_overdue",
            f"No supervision {when}; the scheme expects it every {interval_weeks} weeks. "
            "A trainer must hold and record a supervision session.",
        )
    ]


def _availability_reasons(mentor: Person, profile: MentorProfile | None, load: int) -> list[Reason]:
    if not mentor.active:
        return [Reason("unavailable", "Their account is deactivated. An admin must reactivate it.")]
    if profile is None:
        return [
            Reason("unavailable", "Has no mentor profile yet. Add one and mark them available.")
        ]
    reasons = []
    if not profile.available:
        reasons.append(
            Reason(
                "unavailable",
                "Is not taking new matches. Their profile must be marked available.",
            )
        )
    if load >= profile.capacity:
        reasons.append(
            Reason(
                "at_capacity",
                f"Has {load} of {profile.capacity} places taken. "
                "A match must end or their capacity be raised first.",
            )
        )
    return reasons


def _preference_reasons(mentee: Mentee, profile: MentorProfile | None) -> list[Reason]:
    reasons = []
    wanted = mentee.gender_preference
    if wanted in ("woman", "man"):
        gender = profile.gender if profile else "not_said"
        if gender != wanted:
            reasons.append(
                Reason(
                    "gender_preference",
                    f"The mentee asked for {GENDER_PREFERENCES[wanted].lower()} as mentor; "
                    f"this mentor's profile says '{GENDERS.get(gender, gender).lower()}'. "
                    "Choose another mentor.",
                )
            )
    if mentee.needs_probation_agreement and not mentee.probation_agreed:
        case = f"MAPPA level {mentee.mappa_level}" if mentee.mappa_level else "high-risk"
        reasons.append(
            Reason(
                "probation_agreement_missing",
                f"This is a {case} case: record probation's agreement to a mentor first.",
            )
        )
    return reasons
