"""The real training modules in modules/ pass the checker and cover the required curriculum.

Curriculum v2: no problem and nothing listed as known (modules/known-problems.yaml is empty), so
guessing, must-pass true/false items, reading age and the escalation rule all hold everywhere.
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
    "working-with-difference",
}
OPTIONAL = {"young-people": "young-people", "womens-pathway": "women"}
WITH_SCENARIOS = [
    "boundaries",
    "safeguarding",
    "orientation-to-helping",
    "confidentiality",
    "justice-and-resettlement",
    "lone-working",
    "self-care",
    "prevent-and-mappa",
    *OPTIONAL,
]


@pytest.fixture(scope="module")
def check() -> ContentCheck:
    return check_modules(MODULES)


@pytest.fixture(scope="module")
def modules(check) -> dict[str, ModuleSource]:
    assert [str(p) for p in check.problems] == []
    return {module.slug: module for module in check.modules}


def test_the_real_modules_check_clean_with_nothing_known(check):
    """Every problem of the real content is fixed: nothing is left on the known list."""
    assert [str(p) for p in check.problems] == []
    assert [str(p) for p in check.known] == []
    assert set(check.guessing) == {*CORE, *OPTIONAL}
    assert all(not report.failures for report in check.guessing.values())


def test_every_lesson_reads_at_grade_five_or_under(modules):
    """Reading age at or under 10 (Flesch-Kincaid grade 5) for every lesson."""
    from lms.content.reading import MAX_GRADE, reading_grade

    grades = {
        f"{slug}/{lesson.file}": reading_grade(lesson.markdown)
        for slug, module in modules.items()
        for lesson in module.lessons
    }
    assert len(grades) >= 50
    assert {name: g for name, g in grades.items() if g > MAX_GRADE} == {}


def test_every_module_tags_every_question_with_an_outcome(modules):
    """Each module names its outcomes and every question tests one of them."""
    for slug, module in modules.items():
        outcomes = {outcome.id for outcome in module.meta.outcomes}
        assert 1 <= len(outcomes) <= 8, slug
        assert {q.outcome for q in module.questions} == outcomes, slug


def test_the_core_modules_and_young_people_are_there(modules):
    """The ten core modules from DOMAIN.md and working with difference are on the core pathway,
    plus the young people and women's pathways."""
    assert set(modules) == {*CORE, *OPTIONAL}
    assert {slug for slug, m in modules.items() if m.meta.pathway == "core"} == CORE
    assert {slug: modules[slug].meta.pathway for slug in OPTIONAL} == OPTIONAL


def test_every_module_has_enough_lessons_and_questions(modules):
    """Each module has at least three lessons and at least twelve questions."""
    for slug, module in modules.items():
        assert len(module.lessons) >= 3, slug
        assert len(module.questions) >= 12, slug


@pytest.mark.parametrize("slug", WITH_SCENARIOS)
def test_key_modules_have_a_marked_scenario(modules, slug):
    """Modules where judgement matters most have a scenario with 3 to 10 rubric criteria and a
    borderline and a failing calibration example."""
    scenarios = modules[slug].scenarios
    assert scenarios
    assert all(3 <= len(s.rubric) <= 10 for s in scenarios)
    assert all(sorted(e.kind for e in s.examples) == ["borderline", "failing"] for s in scenarios)


NEW_LESSONS = {
    ("role-and-limits", "04-your-own-record.md"): ["Update Service", "28 October 2023"],
    ("safeguarding", "05-suicide-and-self-harm.md"): ["Are you thinking about suicide?", "999"],
    ("needs-and-signposting", "05-substance-use-and-recovery.md"): ["naloxone", "stopping drink"],
    ("needs-and-signposting", "06-digital-safety-and-scams.md"): ["Universal Credit"],
    ("orientation-to-helping", "05-ending-a-match-well.md"): ["second mentor"],
}


@pytest.mark.parametrize("where,phrases", NEW_LESSONS.items())
def test_the_topics_a_trainer_expects_have_lessons(modules, where, phrases):
    """The own-record, suicide, substance use, scams and endings lessons are there."""
    slug, file = where
    lesson = next(lesson for lesson in modules[slug].lessons if lesson.file == file)
    assert [p for p in phrases if p.lower() not in lesson.markdown.lower()] == []


def test_wales_is_taught_where_the_law_differs(modules):
    """England and Wales: the Welsh Acts are named where safeguarding and housing differ."""
    text = {slug: " ".join(lesson.markdown for lesson in m.lessons) for slug, m in modules.items()}
    assert "Social Services and Well-being (Wales) Act 2014" in text["safeguarding"]
    assert "Wales Safeguarding Procedures" in text["safeguarding"]
    assert "Housing (Wales) Act 2014" in text["needs-and-signposting"]
    assert "active offer" in text["working-with-difference"]
