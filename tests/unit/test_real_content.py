"""The real training modules in modules/ pass the checker and cover the required curriculum."""

from __future__ import annotations

from pathlib import Path

import pytest

from lms.content.loader import ModuleSource, load_modules

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
def modules() -> dict[str, ModuleSource]:
    loaded, problems = load_modules(MODULES)
    assert [str(p) for p in problems] == []
    return {module.slug: module for module in loaded}


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
    """Modules where judgement matters most have a scenario with 3 to 6 rubric criteria."""
    scenarios = modules[slug].scenarios
    assert scenarios
    assert all(3 <= len(s.rubric) <= 6 for s in scenarios)
