"""Who is eligible for a certificate they do not hold, as one SQL condition on ``Person``.

The same rules as ``lms.certificates.eligibility.evaluate`` (which explains each one to a
person), written as correlated subqueries so that a scheme's eligible trainees are counted, or
listed, by a single statement however many there are. Keep the two in step: the tests in
tests/functional/test_home_eligible.py check them against each other.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

from sqlalchemy import Select, and_, case, exists, false, func, or_, select, true
from sqlalchemy.orm import Session, aliased

from lms.accounts.models import Person, Scheme
from lms.assessment.models import PASS, ScenarioSubmission
from lms.certificates.definitions import current_definitions
from lms.certificates.models import Certificate, CertificateDefinition
from lms.content.models import Module, ModuleVersion
from lms.practice.checklist import PASSED as OBSERVATION_PASSED
from lms.practice.models import CONFIRMED, ObservationSignoff, PracticeEntry
from lms.training.models import QuizAttempt
from lms.training.reports import trainees_query
from lms.vetting.latest import latest_id
from lms.vetting.models import LEVEL_ORDER, VettingCheck
from lms.vetting.recheck_sql import effective_recheck


def _holds_usable(slug: str, today: date):
    """A current certificate of ``slug`` that allows practice (valid or in its renewal window)."""
    return exists().where(
        Certificate.person_id == Person.id,
        Certificate.definition_slug == slug,
        Certificate.current,
        Certificate.revoked_at.is_(None),
        Certificate.superseded_at.is_(None),
        Certificate.suspended_at.is_(None),
        Certificate.valid_until >= today,
    )


def _holds_current(slug: str):
    return exists().where(
        Certificate.person_id == Person.id, Certificate.definition_slug == slug, Certificate.current
    )


def _passed_module(slug: str):
    """A passed quiz on the module's current question set (the learning path's "passed")."""
    tried, now = aliased(ModuleVersion), aliased(ModuleVersion)
    return (
        select(QuizAttempt.id)
        .join(tried, tried.id == QuizAttempt.module_version_id)
        .join(Module, Module.id == QuizAttempt.module_id)
        .join(now, now.id == Module.current_version_id)
        .where(
            QuizAttempt.person_id == Person.id,
            QuizAttempt.passed.is_(True),
            Module.slug == slug,
            Module.retired.is_(False),
            tried.questions_hash == now.questions_hash,
        )
        .exists()
    )


def _passed_scenario(key: str):
    """A pass that counts: not held back by a marker disagreement."""
    return exists().where(
        ScenarioSubmission.person_id == Person.id,
        ScenarioSubmission.scenario_key == key,
        ScenarioSubmission.outcome == PASS,
        ScenarioSubmission.flagged.is_(False),
    )


def _scheme_or(column, figure: int):
    """The person's scheme's figure where it asks for more than ``figure``, else ``figure``."""
    own = select(column).where(Scheme.id == Person.scheme_id).scalar_subquery()
    return case((own > figure, own), else_=figure)


def _practice(req: dict) -> list:
    hours, sessions, observed = (
        req.get("min_hours", 0),
        req.get("min_sessions", 0),
        req.get("min_observed", 0),
    )
    counted = [PracticeEntry.person_id == Person.id, PracticeEntry.status == CONFIRMED]
    general = not req.get("practice_pathway")
    if not general:
        counted.append(PracticeEntry.pathway == req["practice_pathway"])
    else:  # the scheme may ask for more general practice (lms/practice/requirements.for_scheme)
        hours = _scheme_or(Scheme.practice_hours_required, hours)
        observed = _scheme_or(Scheme.observed_sessions_required, observed)
    found = []
    if general or hours:  # (a general figure is a SQL expression: tested first)
        minutes = select(func.coalesce(func.sum(PracticeEntry.duration_minutes), 0)).where(*counted)
        found.append(minutes.scalar_subquery() >= hours * 60)
    if sessions:
        number = select(func.count(PracticeEntry.id)).where(*counted)
        found.append(number.scalar_subquery() >= sessions)
    if general or observed:
        passed = (
            select(func.count(ObservationSignoff.id))
            .join(PracticeEntry, ObservationSignoff.entry_id == PracticeEntry.id)
            .where(*counted, ObservationSignoff.outcome == OBSERVATION_PASSED)
        )
        found.append(passed.scalar_subquery() >= observed)
    return found


def _vetting(level: str, today: date):
    """The latest check (by certificate date, then as recorded) at ``level`` or higher, with its
    recheck not yet due."""
    check = aliased(VettingCheck)
    latest = latest_id(check.person_id)  # lms.vetting.latest: the one definition of "latest"
    good = LEVEL_ORDER[LEVEL_ORDER.index(level) :]
    return exists().where(
        check.person_id == Person.id,
        check.id == latest,
        check.level.in_(good),
        effective_recheck(check) >= today,  # capped at the scheme's interval
    )


def meets(slug: str, req: dict, today: date):
    """``Person`` meets every requirement ``req`` of the definition ``slug`` and holds no
    current certificate of it (a renewal is not a new certificate to issue)."""
    parts = [~_holds_current(slug)]
    parts += [_holds_usable(held, today) for held in req.get("certificates") or []]
    parts += [_passed_module(module) for module in req.get("modules") or []]
    parts += [_passed_scenario(key) for key in req.get("scenarios") or []]
    parts += _practice(req)
    if req.get("vetting_level"):
        parts.append(_vetting(req["vetting_level"], today))
    return and_(true(), *parts)


@lru_cache(maxsize=32)
def _condition(definitions: tuple[tuple[str, str], ...], today: date):
    # Building the condition costs more than running it, so it is built once per set of
    # definitions and day (the statement is immutable and its compiled form is cached too).
    if not definitions:
        return false()
    return or_(*(meets(slug, json.loads(req), today) for slug, req in definitions))


def eligible_condition(definitions: list[CertificateDefinition], today: date):
    """``Person`` is eligible for at least one of ``definitions`` (the current ones)."""
    key = tuple((d.slug, json.dumps(d.requirements or {}, sort_keys=True)) for d in definitions)
    return _condition(key, today)


def eligible_trainees(session: Session, viewer: Person, today: date) -> Select:
    """The trainees the viewer sees on trainee progress who are eligible for a certificate of a
    current definition they do not hold, by name (one statement, after loading the
    definitions)."""
    definitions = current_definitions(session)
    return trainees_query(viewer).where(eligible_condition(definitions, today))
