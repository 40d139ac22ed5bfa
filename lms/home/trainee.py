"""The trainee's one next step, progress toward the certificate, and renewal when due."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.assessment.models import MARKED, REFER
from lms.assessment.services import latest_by_scenario
from lms.certificates.models import Certificate, CertificateDefinition
from lms.practice.totals import PracticeTotals, totals
from lms.training.services import NOT_STARTED, PASSED, PathEntry


@dataclass(frozen=True)
class Step:
    """The one thing to do next: what it says and where it goes."""

    text: str
    url: str


@dataclass(frozen=True)
class Renewal:
    """A current certificate inside its renewal window."""

    title: str
    valid_until: date


def percent(done: float, total: float) -> int:
    return 0 if total <= 0 else min(100, round(100 * done / total))


def _sent_back(session: Session, trainee: Person, slugs: dict[int, str]) -> Step | None:
    for submission in latest_by_scenario(session, trainee).values():
        if submission.status == MARKED and submission.outcome == REFER:
            slug = slugs.get(submission.module_id)
            if slug:
                url = url_for("assessment.answer", module_slug=slug, key=submission.scenario_key)
            else:
                url = url_for("assessment.index")
            return Step("Your answer was sent back: read the feedback and try again", url)
    return None


def next_step(
    session: Session, trainee: Person, core: list[PathEntry], practice: PracticeTotals
) -> Step | None:
    """Sent-back answers first, then the next core module, then practice, then the
    certificate."""
    slugs = {entry.module.id: entry.module.slug for entry in core}
    sent_back = _sent_back(session, trainee, slugs)
    if sent_back:
        return sent_back
    unpassed = [entry for entry in core if entry.status != PASSED]
    if unpassed:
        module_url = url_for("training.module", slug=unpassed[0].module.slug)
        if all(entry.status == NOT_STARTED for entry in core):
            return Step(f"Start here: {unpassed[0].version.title}", module_url)
        started = [entry for entry in unpassed if entry.status != NOT_STARTED]
        entry = started[0] if started else unpassed[0]
        return Step(
            f"Carry on with {entry.version.title}",
            url_for("training.module", slug=entry.module.slug),
        )
    if not core:
        return None  # no training loaded yet: the page says so
    if not practice.hours_met:
        return Step(
            f"Log your practice: {practice.hours_text} of {practice.needs.hours} hours",
            url_for("practice.log"),
        )
    return Step("See what you still need for your certificate", url_for("certificates.mine"))


def practice_totals(session: Session, trainee: Person) -> PracticeTotals:
    return totals(session, trainee)


def renewals(session: Session, trainee: Person, today: date) -> list[Renewal]:
    """Current, unrevoked certificates whose renewal window has opened (one query)."""
    stmt = (
        select(
            CertificateDefinition.title,
            Certificate.valid_until,
            CertificateDefinition.renewal_window_days,
        )
        .join(CertificateDefinition, CertificateDefinition.id == Certificate.definition_id)
        .where(
            Certificate.person_id == trainee.id,
            Certificate.current,
            Certificate.revoked_at.is_(None),
        )
        .order_by(Certificate.valid_until)
    )
    return [
        Renewal(title, until)
        for title, until, window in session.execute(stmt)
        if until - timedelta(days=window) <= today
    ]
