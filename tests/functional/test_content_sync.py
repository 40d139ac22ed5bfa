"""Syncing modules into the database by content hash, and the content check/sync commands."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lms.content.models import Lesson, Module, ModuleVersion, Question, ScenarioAssessment
from lms.content.sync import ContentInvalid, sync_content
from lms.extensions import db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
VALID = FIXTURES / "valid_modules"
BROKEN = FIXTURES / "broken_modules"
MODELS = (Module, ModuleVersion, Lesson, Question, ScenarioAssessment)


def _counts() -> tuple[int, ...]:
    return tuple(db.session.scalar(select(func.count()).select_from(model)) for model in MODELS)


def _module(slug: str = "sample-module") -> Module:
    return db.session.scalars(select(Module).where(Module.slug == slug)).one()


@pytest.fixture
def modules_copy(tmp_path: Path) -> Path:
    """A modules folder holding a copy of the sample module that a test may change."""
    root = tmp_path / "modules"
    shutil.copytree(VALID / "sample-module", root / "sample-module")
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_sync_loads_the_sample_module(app):
    """A first sync creates the module, version 1 and its lessons, questions and scenario."""
    report = sync_content(db.session, VALID)
    db.session.commit()
    assert report.created == ["sample-module"]
    assert _counts() == (1, 1, 2, 12, 1)
    module = _module()
    version = module.current_version
    assert (version.number, module.position, module.retired) == (1, 1, False)
    assert (version.pass_mark, version.questions_per_attempt, version.attempt_limit) == (80, 5, 2)
    assert (version.cooldown_hours, version.show_answers) == (24, "after_pass")
    assert [lesson.slug for lesson in version.lessons] == ["01-first-lesson", "02-second-lesson"]
    assert 'class="govuk-heading-m"' in version.lessons[0].body_html
    first = version.questions[0]
    assert (first.position, first.key, first.type) == (1, "sample-single-01", "single")
    assert first.options[0] == {
        "text": "Say no kindly, and explain the rule on money.",
        "correct": True,
        "feedback": "Right. Mentors do not take money.",
    }
    assert [q.key for q in version.questions if q.must_pass] == ["sample-scenario-10"]
    [scenario] = version.scenarios
    assert [c["id"] for c in scenario.rubric] == ["says-no", "tells-coordinator", "keeps-helping"]


def test_sync_stores_outcomes_rubric_descriptors_and_examples(app):
    """The blueprint's outcomes, each question's outcome, the rubric descriptors and the
    calibration examples are stored with the version."""
    sync_content(db.session, VALID)
    db.session.commit()
    version = _module().current_version
    assert version.outcomes == [
        {
            "id": "gifts-and-money",
            "text": "Say no to gifts, loans and money, and explain why.",
            "draw": 1,
        },
        {
            "id": "contact-and-meeting",
            "text": "Keep contact to the scheme's routes and meet in public places.",
            "draw": 1,
        },
        {
            "id": "telling-and-safeguarding",
            "text": "Tell the right person, at the right time, about gifts and worries.",
            "draw": 2,
        },
    ]
    outcomes = {q.key: q.outcome for q in version.questions}
    assert outcomes["sample-single-01"] == "gifts-and-money"
    assert outcomes["sample-scenario-10"] == "telling-and-safeguarding"
    assert None not in outcomes.values()
    [scenario] = version.scenarios
    assert scenario.rubric[1] == {
        "id": "tells-coordinator",
        "criterion": "Tells the coordinator about the request the same day.",
        "met": "Says they will tell the coordinator, that day, that Sam asked for money.",
        "not_met": (
            "Keeps the request to themselves, or leaves telling the coordinator until later."
        ),
    }
    assert [(e["kind"], e["outcome"]) for e in scenario.examples] == [
        ("borderline", "pass"),
        ("failing", "refer"),
    ]
    failing = scenario.examples[1]
    assert failing["met"] == ["says-no", "keeps-helping"]
    assert failing["answer"].startswith("I would say no to Sam")
    assert set(failing) == {"kind", "outcome", "met", "answer", "notes"}


def test_moving_questions_between_outcomes_keeps_the_questions_hash(app, modules_copy):
    """Re-tagging questions makes a new version (the content changed) with the same
    questions_hash and question hashes, so passed quizzes stay passed."""
    sync_content(db.session, modules_copy)
    db.session.commit()
    old = _module().current_version
    old_questions_hash = old.questions_hash
    old_hashes = {q.key: q.content_hash for q in old.questions}
    questions = modules_copy / "sample-module" / "questions.yaml"
    text = questions.read_text(encoding="utf-8")
    start = text.index("id: sample-scenario-12")
    retagged = text[start:].replace("outcome: contact-and-meeting", "outcome: gifts-and-money", 1)
    _edit(questions, text[start:], retagged)
    _edit(
        modules_copy / "sample-module" / "questions.yaml",
        "id: sample-single-01\n    type: single\n    outcome: gifts-and-money",
        "id: sample-single-01\n    type: single\n    outcome: contact-and-meeting",
    )

    report = sync_content(db.session, modules_copy)
    db.session.commit()
    new = _module().current_version
    assert report.updated == ["sample-module"]
    assert new.number == 2 and new.content_hash != old.content_hash
    assert new.questions_hash == old_questions_hash
    assert {q.key: q.content_hash for q in new.questions} == old_hashes
    outcomes = {q.key: q.outcome for q in new.questions}
    assert outcomes["sample-scenario-12"] == "gifts-and-money"
    assert outcomes["sample-single-01"] == "contact-and-meeting"


def test_a_second_sync_changes_nothing(app):
    """Syncing unchanged files again writes nothing."""
    sync_content(db.session, VALID)
    db.session.commit()
    before = _counts()
    report = sync_content(db.session, VALID)
    db.session.commit()
    assert report.unchanged == ["sample-module"]
    assert not report.changed
    assert _counts() == before


def test_a_changed_question_makes_version_2_and_keeps_version_1(app, modules_copy):
    """Changed files become a new current version; the old version's rows stay as they were."""
    sync_content(db.session, modules_copy)
    db.session.commit()
    old = _module().current_version
    old_id, old_question_ids = old.id, [q.id for q in old.questions]
    _edit(modules_copy / "sample-module" / "questions.yaml", "Sam offers you £20", "Sam offers £50")

    report = sync_content(db.session, modules_copy)
    db.session.commit()
    db.session.expire_all()

    assert report.updated == ["sample-module"]
    module = _module()
    assert [v.number for v in module.versions] == [1, 2]
    assert module.current_version.number == 2
    assert module.current_version.questions[0].prompt == "Sam offers £50. What do you do?"
    old = db.session.get(ModuleVersion, old_id)
    assert [q.id for q in old.questions] == old_question_ids
    assert old.questions[0].prompt == "Sam offers you £20. What do you do?"
    assert old.questions[1].content_hash == module.current_version.questions[1].content_hash
    assert old.questions[0].content_hash != module.current_version.questions[0].content_hash
    assert _counts() == (1, 2, 4, 24, 2)


def test_a_module_whose_folder_is_gone_is_retired(app, modules_copy):
    """Removing a module's folder retires it; putting it back restores it without a new version."""
    other = modules_copy / "other-module"
    shutil.copytree(modules_copy / "sample-module", other)
    _edit(other / "module.yaml", "slug: sample-module", "slug: other-module")
    _edit(other / "module.yaml", "order: 1", "order: 2")
    sync_content(db.session, modules_copy)
    moved = modules_copy.parent / "put-aside"
    shutil.move(other, moved)

    assert sync_content(db.session, modules_copy).retired == ["other-module"]
    assert _module("other-module").retired
    shutil.move(moved, other)
    assert sync_content(db.session, modules_copy).updated == ["other-module"]
    assert not _module("other-module").retired
    assert len(_module("other-module").versions) == 1


def test_invalid_content_writes_nothing(app):
    """With any problem in the content, sync raises and leaves the database as it was."""
    with pytest.raises(ContentInvalid) as caught:
        sync_content(db.session, BROKEN)
    assert len(caught.value.problems) >= 35
    assert _counts() == (0, 0, 0, 0, 0)


def test_content_check_lists_every_problem_and_exits_1(runner):
    """content check on broken modules prints path:line: message for each problem."""
    result = runner.invoke(args=["content", "check", str(BROKEN)])
    assert result.exit_code == 1
    assert "two-correct-single/questions.yaml:4: " in result.stderr
    assert "wrong-type/module.yaml:9: questions_per_attempt" in result.stderr
    assert "scenario-problems/scenarios/two-criteria.yaml:6: rubric" in result.stderr


def test_content_check_passes_on_the_real_modules(runner):
    """content check with no path checks modules/ and reports OK."""
    result = runner.invoke(args=["content", "check"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1].startswith("OK: 13 modules")


def test_content_sync_loads_the_real_modules(runner):
    """content sync with no path loads every real module, and a second run changes nothing."""
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Module)) == 13
    again = runner.invoke(args=["content", "sync"])
    assert "Created: -\nUpdated: -\n" in again.output
    assert "Retired: -" in again.output


def test_content_sync_refuses_invalid_content(runner):
    """content sync on broken modules prints the problems, exits 1 and writes nothing."""
    result = runner.invoke(args=["content", "sync", str(BROKEN)])
    assert result.exit_code == 1
    assert "duplicate-question-id/questions.yaml:10: " in result.stderr
    assert _counts() == (0, 0, 0, 0, 0)
