"""The matching gate's rule table: each reason's code, kind, wording, Python check and SQL flag.

A rule is one reason a mentor may not be matched with a mentee. ``python`` reads one mentor's
``MentorFacts`` and returns what the reason names (anything falsy: the rule passes); ``words``
turns that into the message; ``sql`` is the same test over the screening statement's columns
(``SqlFacts``) for a whole scheme at once. The order of ``RULES`` is the order reasons are
listed in; the codes, the kinds and which kind each code belongs to are all read off the table.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, false, func, or_, true

from lms.certificates.status import EXPIRED, REVOKED, SUSPENDED
from lms.matching.gate import wording
from lms.matching.gate.facts import MentorFacts
from lms.matching.gate.needs import required_vetting_level
from lms.matching.gate.sqlfacts import SqlFacts
from lms.ukdates import uk_date
from lms.vetting.models import LEVEL_ORDER


@dataclass(frozen=True)
class Kind:
    """A group of reasons that lists count and filter by, with its heading."""

    name: str
    label: str


@dataclass(frozen=True)
class Rule:
    """One reason: its code, kind (None: lists never see it) and its three sides."""

    code: str
    kind: Kind | None
    python: Callable[[MentorFacts], Any]
    words: Callable[[MentorFacts, Any], str]
    sql: Callable[[SqlFacts], ColumnElement[bool]]


CERTIFICATE = Kind("certificate", "No current certificate covering the mentee's needs")
VETTING = Kind("vetting", "DBS check missing, too low or due a recheck")
SUPERVISION = Kind("supervision", "Supervision overdue")
UNAVAILABLE = Kind("unavailable", "Not taking new matches")
AT_CAPACITY = Kind("at_capacity", "No free places")
CONFLICT = Kind("conflict_declared", "A declared conflict with this mentee")
GENDER = Kind("gender_preference", "Not the gender the mentee asked for")
PROBATION = Kind("probation_agreement_missing", "Probation's agreement to a mentor not recorded")


def _stopped(state: str) -> Callable[[MentorFacts], Any]:
    # The certificates stopped in this status that matter (facts.standing keys them by status).
    return lambda f: f.certificates and f.standing.stopped.get(state)


def _stopped_sql(state: str) -> Callable[[SqlFacts], ColumnElement[bool]]:
    return lambda s: s.stopped_matters(state)


def _vetting_missing(f: MentorFacts) -> str | None:
    if f.vetting is None:
        return "none"
    level = required_vetting_level(f.mentee)
    if level and LEVEL_ORDER.index(f.vetting.level) < LEVEL_ORDER.index(level):
        return level
    return None


def _vetting_missing_sql(s: SqlFacts) -> ColumnElement[bool]:
    level = required_vetting_level(s.mentee)
    if not level:
        return s.c.check_level.is_(None)
    return or_(
        s.c.check_level.is_(None), s.c.check_level.in_(LEVEL_ORDER[: LEVEL_ORDER.index(level)])
    )


def _supervision_due(f: MentorFacts) -> date | None:
    """Since when supervision is due (None: it is not): the later of the first current
    certificate's start and the last session, if that is over an interval ago."""
    issued = [cert.valid_from for cert in f.certificates if cert.current]
    if not issued and f.last_held is None:
        return None  # nobody is due supervision before they hold a certificate
    since = max(d for d in [*issued[:1], f.last_held] if d is not None)
    return since if since < f.today - timedelta(weeks=f.interval_weeks) else None


def _supervision_sql(s: SqlFacts) -> ColumnElement[bool]:
    # Due when both the first current certificate and the last session are before the cutoff.
    c = s.c
    return and_(
        or_(c.first_issued.is_not(None), c.last_held.is_not(None)),
        or_(c.first_issued.is_(None), c.first_issued < s.cutoff),
        or_(c.last_held.is_(None), c.last_held < s.cutoff),
    )


def _unavailable(f: MentorFacts) -> str | None:
    if not f.mentor.active:
        return "deactivated"
    if f.profile is None:
        return "no_profile"
    return None if f.profile.available else "not_available"


def _at_capacity(f: MentorFacts) -> bool:
    return f.mentor.active and f.profile is not None and f.load >= f.profile.capacity


def _wanted(mentee) -> str | None:
    wanted = mentee.gender_preference
    return wanted if wanted in ("woman", "man") else None


def _gender_mismatch(f: MentorFacts) -> str | None:
    gender = f.profile.gender if f.profile else "not_said"
    return gender if _wanted(f.mentee) and gender != _wanted(f.mentee) else None


def _gender_sql(s: SqlFacts) -> ColumnElement[bool]:
    wanted = _wanted(s.mentee)
    return func.coalesce(s.c.gender, "not_said") != wanted if wanted else false()


def _probation_missing(mentee) -> bool:
    # About the mentee, not the mentor: until it is recorded nobody passes.
    return mentee.needs_probation_agreement and not mentee.probation_agreed


RULES: tuple[Rule, ...] = (
    Rule(
        "other_scheme",
        None,  # lists are of one scheme's mentors, so they never hold another scheme's
        python=lambda f: f.mentor.scheme_id != f.mentee.scheme_id,
        words=wording.fixed(
            "Belongs to another scheme. Only the mentee's own scheme's mentors can be matched."
        ),
        sql=lambda s: s.c.scheme_id != s.mentee.scheme_id,
    ),
    Rule(
        "no_certificate",
        CERTIFICATE,
        python=lambda f: not f.certificates,
        words=wording.fixed(
            "Holds no certificate. A trainer must issue one before they can be matched."
        ),
        sql=lambda s: s.c.held == 0,
    ),
    Rule(
        "certificate_expired",
        CERTIFICATE,
        python=_stopped(EXPIRED),
        words=wording.expired,
        sql=_stopped_sql(EXPIRED),
    ),
    Rule(
        "certificate_suspended",
        CERTIFICATE,
        python=_stopped(SUSPENDED),
        words=wording.suspended,
        sql=_stopped_sql(SUSPENDED),
    ),
    Rule(
        "certificate_revoked",
        CERTIFICATE,
        python=_stopped(REVOKED),
        words=wording.revoked,
        sql=_stopped_sql(REVOKED),
    ),
    Rule(
        "missing_competence",
        CERTIFICATE,
        python=lambda f: f.certificates and f.standing.gaps,
        words=wording.gaps,
        sql=lambda s: s.uncovered(),
    ),
    Rule(
        "vetting_missing",
        VETTING,
        python=_vetting_missing,
        words=wording.vetting_missing,
        sql=_vetting_missing_sql,
    ),
    Rule(
        "vetting_recheck_due",
        VETTING,
        python=lambda f: f.vetting is not None and f.recheck_due < f.today,
        words=lambda f, _: (
            f"The DBS recheck was due on {uk_date(f.recheck_due)}. Record the new check."
        ),
        sql=lambda s: s.c.recheck_lapsed == 1,
    ),
    Rule(
        "supervision_overdue",
        SUPERVISION,
        python=_supervision_due,
        words=wording.supervision,
        sql=_supervision_sql,
    ),
    Rule(
        "unavailable",
        UNAVAILABLE,
        python=_unavailable,
        words=lambda f, why: wording.UNAVAILABLE[why],
        sql=lambda s: or_(
            s.c.active.is_(False), s.c.profile_id.is_(None), s.c.available.is_(False)
        ),
    ),
    Rule(
        "at_capacity",
        AT_CAPACITY,
        python=_at_capacity,
        words=wording.capacity,
        sql=lambda s: and_(
            s.c.active.is_(True), s.c.profile_id.is_not(None), s.c.load >= s.c.capacity
        ),
    ),
    Rule(
        "conflict_declared",
        CONFLICT,
        python=lambda f: f.conflicts,
        words=wording.conflict,
        sql=lambda s: s.c.conflict == 1,
    ),
    Rule(
        "gender_preference",
        GENDER,
        python=_gender_mismatch,
        words=wording.gender,
        sql=_gender_sql,
    ),
    Rule(
        "probation_agreement_missing",
        PROBATION,
        python=lambda f: _probation_missing(f.mentee),
        words=wording.probation,
        sql=lambda s: true() if _probation_missing(s.mentee) else false(),
    ),
)

# Everything below is read off the table.
CODES: tuple[str, ...] = tuple(rule.code for rule in RULES)
ORDER: dict[str, int] = {code: i for i, code in enumerate(CODES)}
KINDS: dict[str, str] = {rule.kind.name: rule.kind.label for rule in RULES if rule.kind}
KIND_OF_CODE: dict[str, str] = {rule.code: rule.kind.name for rule in RULES if rule.kind}
