"""What the gate's Python side knows about each mentor, loaded in bulk for many mentors at once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from sqlalchemy import Row, func, or_, select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.certificates.models import Certificate, CertificateDefinition
from lms.certificates.status import allows_practice, status_on
from lms.matching.gate.load import chunks, loads
from lms.matching.gate.needs import required_competences
from lms.matching.models import DeclaredConflict, Mentee, MentorProfile, SupervisionSession
from lms.vetting.dates import DEFAULT_RECHECK_MONTHS, effective_recheck_due
from lms.vetting.latest import counting, latest_order
from lms.vetting.models import VettingCheck


@dataclass
class Standing:
    """A mentor's certificates read against what a mentee needs."""

    # status (expired, suspended …) -> the stopped certificates that matter; the rule for each
    # status (lms/matching/gate/rules.py) names them
    stopped: dict[str, list[Row]]
    gaps: list[str]  # needed competences that no certificate, practising or stopped, covers


def standing(certs: list[Row], mentee: Mentee, today: date) -> Standing:
    """Which stopped certificates matter and which needs nothing covers."""
    needed = required_competences(mentee)
    practising, stopped = [], []
    for cert in certs:
        state = status_on(cert, today, cert.renewal_window_days)
        (practising if allows_practice(state) else stopped).append((cert, state))
    covered = {c for cert, _ in practising for c in cert.competences}
    missing = [c for c in needed if c not in covered]
    # A stopped certificate matters when nothing practising is held, or it would cover a gap.
    relevant = [
        (cert, state)
        for cert, state in stopped
        if not practising or set(cert.competences) & set(missing)
    ]
    by_state: dict[str, list[Row]] = {}
    for cert, state in relevant:
        by_state.setdefault(state, []).append(cert)
    could_cover = covered | {c for cert, _ in relevant for c in cert.competences}
    return Standing(by_state, [c for c in missing if c not in could_cover])


@dataclass
class MentorFacts:
    """Everything the rules read about one mentor and one mentee on one day."""

    mentor: Person
    mentee: Mentee
    today: date
    interval_weeks: int  # the scheme's supervision interval
    profile: MentorProfile | None
    load: int
    certificates: list[Row]  # current ones, and revoked ones so a revocation can be named
    vetting: Row | None  # the latest DBS check
    last_held: date | None  # the last supervision session
    conflicts: list[str]  # kinds of conflict declared with this mentee
    recheck_months: int = DEFAULT_RECHECK_MONTHS  # the scheme's DBS recheck interval

    @cached_property
    def standing(self) -> Standing:
        return standing(self.certificates, self.mentee, self.today)

    @property
    def recheck_due(self) -> date | None:
        """When the latest check's recheck is due as it counts: capped at the interval."""
        if self.vetting is None:
            return None
        return effective_recheck_due(self.vetting, self.recheck_months)


@dataclass
class Facts:
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
    ) -> Facts:
        facts = cls()
        for chunk in chunks(ids):
            facts._load_chunk(session, chunk, mentee)
        facts.loads = loads(session, ids, ignore_match_id=ignore_match_id)
        return facts

    def of(
        self,
        mentor: Person,
        mentee: Mentee,
        today: date,
        interval: int,
        recheck_months: int = DEFAULT_RECHECK_MONTHS,
    ) -> MentorFacts:
        """The facts about one of the mentors (``interval`` and ``recheck_months``: the
        scheme's supervision interval in weeks and DBS recheck interval in months)."""
        return MentorFacts(
            mentor=mentor,
            mentee=mentee,
            today=today,
            interval_weeks=interval,
            profile=self.profiles.get(mentor.id),
            load=self.loads.get(mentor.id, 0),
            certificates=self.certificates.get(mentor.id, []),
            vetting=self.vetting.get(mentor.id),
            last_held=self.supervised.get(mentor.id),
            conflicts=self.conflicts.get(mentor.id, []),
            recheck_months=recheck_months,
        )

    def _load_chunk(self, session: Session, ids: list[int], mentee: Mentee) -> None:
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

        # What the check's recheck date as it counts is worked out from (``recheck_due``).
        dated = ("kind", "certificate_date", "update_service", "update_service_checked_on")
        ranked = (
            select(
                VettingCheck.person_id,
                VettingCheck.level,
                VettingCheck.recheck_due,
                *(getattr(VettingCheck, name) for name in dated),
                func.row_number()
                .over(
                    partition_by=VettingCheck.person_id,
                    order_by=latest_order(),
                )
                .label("position"),
            )
            .where(VettingCheck.person_id.in_(ids), counting())
            .subquery()
        )
        kept = ("person_id", "level", "recheck_due", *dated)
        latest = select(*(ranked.c[name] for name in kept)).where(ranked.c.position == 1)
        for row in session.execute(latest):
            self.vetting[row.person_id] = row

        supervised = (
            select(SupervisionSession.mentor_id, func.max(SupervisionSession.held_on))
            .where(SupervisionSession.mentor_id.in_(ids))
            .group_by(SupervisionSession.mentor_id)
        )
        self.supervised.update(dict(session.execute(supervised).all()))

        conflicts = select(DeclaredConflict.mentor_id, DeclaredConflict.kind).where(
            DeclaredConflict.mentor_id.in_(ids), DeclaredConflict.mentee_id == mentee.id
        )
        for mentor_id, kind in session.execute(conflicts.order_by(DeclaredConflict.kind)):
            self.conflicts.setdefault(mentor_id, []).append(kind)
