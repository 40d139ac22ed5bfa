"""What a certificate holder must add to keep up with the current version of its definition."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.assessment.models import PASS, ScenarioSubmission
from lms.certificates.definitions import find_definition
from lms.certificates.models import Certificate
from lms.content.models import Module, ModuleVersion, ScenarioAssessment
from lms.training.services import PASSED, learning_path


def new_requirements(session: Session, cert: Certificate) -> list[str]:
    """Requirements of the definition's current version that ``cert`` was not issued against and
    the holder has still to meet: required modules missing from its ``module_hashes`` and not
    passed since, and required scenarios not passed (a flagged pass does not count, as for
    eligibility). Each is worded for the holder, e.g. "New in this version: Working with
    difference (module)". Issuing rules are unchanged."""
    definition = find_definition(session, cert.definition_slug) or cert.definition
    req = definition.requirements or {}
    held = cert.module_hashes or {}
    modules = [s for s in req.get("modules") or [] if s not in held]
    if modules:
        path = learning_path(session, cert.person)
        passed_modules = {e.module.slug for e in path if e.status == PASSED}
        modules = [s for s in modules if s not in passed_modules]
    wanted = list(req.get("scenarios") or [])
    passed = set(
        session.scalars(
            select(ScenarioSubmission.scenario_key).where(
                ScenarioSubmission.person_id == cert.person_id,
                ScenarioSubmission.scenario_key.in_(wanted),
                ScenarioSubmission.outcome == PASS,
                ScenarioSubmission.flagged.is_(False),
            )
        )
    )
    scenarios = [s for s in wanted if s not in passed]
    module_titles, scenario_titles = _titles(session, modules, scenarios)
    return [f"New in this version: {module_titles.get(s, s)} (module)" for s in modules] + [
        f"New in this version: {scenario_titles.get(s, s)} (scenario)" for s in scenarios
    ]


def _titles(
    session: Session, modules: list[str], scenarios: list[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """Titles of modules and scenarios as their modules' current versions give them."""
    module_titles: dict[str, str] = {}
    if modules:
        stmt = (
            select(Module.slug, ModuleVersion.title)
            .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
            .where(Module.slug.in_(modules))
        )
        module_titles = dict(session.execute(stmt).all())
    scenario_titles: dict[str, str] = {}
    if scenarios:
        stmt = (
            select(ScenarioAssessment.key, ScenarioAssessment.title)
            .join(Module, Module.current_version_id == ScenarioAssessment.module_version_id)
            .where(ScenarioAssessment.key.in_(scenarios), Module.retired.is_(False))
        )
        scenario_titles = dict(session.execute(stmt).all())
    return module_titles, scenario_titles
