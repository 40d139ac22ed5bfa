"""The real training modules in modules/ pass the checker and cover the required curriculum.

"Pass" means no problem left once modules/known-problems.yaml is applied: the known problems
(guessing, must-pass true/false) are left for the curriculum rewrite, and a listed problem that
no longer happens is itself a failure, so the list can only shrink.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from lms.content.loader import ContentCheck, ModuleSource, check_modules

MODULES = Path(__file__).resolve().parent.parent.parent / "modules"
CORE = {
    "role-and-limits",
    "justice-and-resettlement",
    "orientation-to-helping",
    "boundaries",
    "confidentiality",
    "safeguarding",
    "prevent-and-mappa",
    "lone-working",
    "needs-and-signposting",
    "self-care",
}
WITH_SCENARIOS = ["boundaries", "safeguarding", "orientation-to-helping", "confidentiality"]


@pytest.fixture(scope="module")
def check() -> ContentCheck:
    return check_modules(MODULES)


@pytest.fixture(scope="module")
def modules(check) -> dict[str, ModuleSource]:
    assert [str(p) for p in check.problems] == []
    return {module.slug: module for module in check.modules}


def test_the_real_modules_check_clean_with_the_known_list(check):
    """Every problem of the real content is fixed or listed as known, and only those kinds."""
    assert [str(p) for p in check.problems] == []
    assert {p.rule for p in check.known} <= {
        "guessing",
        "must-pass-true-false",
        "escalation",
        "reading-age",
        "trainer-notes",
    }
    assert set(check.guessing) == {*CORE, "young-people"}


def test_every_module_tags_every_question_with_an_outcome(modules):
    """Each module names its outcomes and every question tests one of them."""
    for slug, module in modules.items():
        outcomes = {outcome.id for outcome in module.meta.outcomes}
        assert 1 <= len(outcomes) <= 8, slug
        assert {q.outcome for q in module.questions} == outcomes, slug


def test_the_core_modules_and_young_people_are_there(modules):
    """The ten core modules from DOMAIN.md are on the core pathway, plus young-people."""
    assert set(modules) == {*CORE, "young-people"}
    assert {slug for slug, m in modules.items() if m.meta.pathway == "core"} == CORE
    assert modules["young-people"].meta.pathway == "young-people"


def test_every_module_has_enough_lessons_and_questions(modules):
    """Each module has at least three lessons and at least twelve questions."""
    for slug, module in modules.items():
        assert len(module.lessons) >= 3, slug
        assert len(module.questions) >= 12, slug


@pytest.mark.parametrize("slug", [*WITH_SCENARIOS, "young-people"])
def test_key_modules_have_a_marked_scenario(modules, slug):
    """Modules where judgement matters most have a scenario with 3 to 10 rubric criteria and a
    borderline and a failing calibration example."""
    scenarios = modules[slug].scenarios
    assert scenarios
    assert all(3 <= len(s.rubric) <= 10 for s in scenarios)
    assert all(sorted(e.kind for e in s.examples) == ["borderline", "failing"] for s in scenarios)
