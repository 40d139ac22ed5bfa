"""The gate's Python side: may this mentor be matched with this mentee, and if not, every reason.

It runs every rule of the table (``rules.RULES``) over facts loaded in bulk (``facts``), and is
the authority: it words every reason and alone decides a match (again inside the transaction).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from lms.accounts.models import Person, Scheme
from lms.matching.gate.facts import Facts, MentorFacts
from lms.matching.gate.rules import RULES
from lms.matching.models import Mentee, MentorProfile
from lms.vetting.dates import DEFAULT_RECHECK_MONTHS


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
    facts = Facts.load(session, [m.id for m in mentors], mentee, ignore_match_id)
    scheme = session.get(Scheme, mentee.scheme_id)
    interval = scheme.supervision_interval_weeks if scheme else 6
    # The mentee's scheme's interval: the gate refuses any mentor of another scheme anyway.
    months = scheme.dbs_recheck_months if scheme else DEFAULT_RECHECK_MONTHS
    results = []
    for mentor in mentors:
        known = facts.of(mentor, mentee, today, interval, months)
        results.append(GateResult(mentor, mentee, reasons(known), known.profile, known.load))
    return results


def reasons(facts: MentorFacts) -> list[Reason]:
    """Every rule that blocks this mentor, worded, in the table's order."""
    found = []
    for rule in RULES:
        evidence = rule.python(facts)
        if evidence:
            found.append(Reason(rule.code, rule.words(facts, evidence)))
    return found
