"""A certificate holder sees what a newer version of the definition added since their issue."""

from __future__ import annotations

from datetime import date

from lms.certificates import refresh, services
from lms.certificates.models import CertificateDefinition
from lms.content.models import Module, ScenarioAssessment
from lms.extensions import db
from tests.factories import (
    make_definition,
    make_eligible,
    make_module,
    make_scenario,
    pass_scenario,
    take_quiz,
)

TODAY = date(2026, 11, 28)
SETTINGS = services.IssueSettings(base_url="https://lms.test")


def _holder(people):
    definition = make_definition()
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    cert = services.issue(
        db.session, people["trainer"], people["trainee"], definition, SETTINGS, today=TODAY
    )
    db.session.commit()
    return cert, definition


def _version_two(old: CertificateDefinition) -> CertificateDefinition:
    """The definition's next version: one more module and one more scenario required."""
    module = make_module("working-with-difference", position=2)
    module.current_version.title = "Working with difference"
    make_scenario(module, key="difference-assumption").title = "Assumptions at the first meeting"
    req = dict(old.requirements)
    req["modules"] = [*req["modules"], "working-with-difference"]
    req["scenarios"] = [*req["scenarios"], "difference-assumption"]
    old.current = False
    new = CertificateDefinition(
        slug=old.slug,
        number=2,
        content_hash=f"{old.slug}-hash-2",
        title=old.title,
        summary=old.summary,
        requirements=req,
        competences=list(old.competences),
        validity_months=old.validity_months,
        renewal_window_days=old.renewal_window_days,
        current=True,
    )
    db.session.add(new)
    db.session.commit()
    return new


def test_nothing_new_while_the_definition_is_unchanged(people):
    cert, _ = _holder(people)
    assert refresh.new_requirements(db.session, cert) == []


def test_a_new_version_names_the_added_module_and_scenario(people):
    """Modules the certificate holds no hash for, and scenarios not passed, are named."""
    cert, old = _holder(people)
    _version_two(old)
    assert refresh.new_requirements(db.session, cert) == [
        "New in this version: Working with difference (module)",
        "New in this version: Assumptions at the first meeting (scenario)",
    ]
    # The changed-questions refresher is separate and still empty: no held module changed.
    assert services.refresher_due(db.session, cert) == []


def test_a_module_passed_since_is_not_named(people):
    """Once the holder passes the new module it is no longer something they still need."""
    cert, old = _holder(people)
    _version_two(old)
    module = db.session.query(Module).filter_by(slug="working-with-difference").one()
    take_quiz(people["trainee"], module)
    assert refresh.new_requirements(db.session, cert) == [
        "New in this version: Assumptions at the first meeting (scenario)"
    ]


def test_a_scenario_already_passed_is_not_named(people):
    cert, old = _holder(people)
    _version_two(old)
    scenario = db.session.query(ScenarioAssessment).filter_by(key="difference-assumption").one()
    pass_scenario(people["trainee"], scenario, people["trainer"])
    assert refresh.new_requirements(db.session, cert) == [
        "New in this version: Working with difference (module)"
    ]


def test_the_holder_sees_the_new_requirements_on_their_certificate_page(client, people, login):
    cert, old = _holder(people)
    login("trainee")
    page = client.get(f"/certificates/{cert.number}").get_data(as_text=True)
    assert "New in this version" not in page
    _version_two(old)
    page = client.get(f"/certificates/{cert.number}").get_data(as_text=True)
    assert "To renew it, you will also need" in page
    assert "New in this version: Working with difference (module)" in page
    assert "New in this version: Assumptions at the first meeting (scenario)" in page
