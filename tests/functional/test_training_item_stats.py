"""Item statistics from crafted attempts: facility and discrimination worked out by hand, the
flags, the full stem of scenario questions, outcome and must-pass, scope and query count."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from lms.accounts.models import Role
from lms.content.models import ModuleVersion
from lms.extensions import db
from lms.training.reports import question_stats
from tests.factories import make_module, make_person, make_scheme
from tests.quiz_data import crafted_attempt

# Attempts A-D over q1-q3 (1 right, 0 wrong), worked by hand in tests/unit/test_item_stats.py:
# q1 [1,1,0,0] rest [2,1,1,1]: facility 0.50, r = 1/sqrt(3) = 0.58
# q2 [1,1,1,0] rest [2,1,0,1]: facility 0.75, M1 = M0 = 1 so r = 0.00
# q3 [1,0,0,1] rest [2,2,1,0]: facility 0.50, r = -1/sqrt(11) = -0.30
HAND = [(1, 1, 1), (1, 1, 0), (0, 1, 0), (0, 0, 1)]


@pytest.fixture
def module(app):
    """Twelve questions, q1 must-pass; the crafted attempts set ``correct`` directly."""
    return make_module("stats", questions=12, per_attempt=3, must_pass_keys=("q1",))


def _by_key(stats):
    return {s.question.key: s for s in stats}


def test_facility_and_discrimination_match_the_hand_worked_numbers(app, people, module):
    for marks in HAND:
        crafted_attempt(people["trainee"], module, marks)
    db.session.commit()
    stats = _by_key(question_stats(db.session, module.current_version, people["trainer"]))
    assert [stats[k].answered for k in ("q1", "q2", "q3")] == [4, 4, 4]
    assert [stats[k].facility for k in ("q1", "q2", "q3")] == [0.5, 0.75, 0.5]
    assert stats["q1"].discrimination == pytest.approx(3**-0.5)
    assert stats["q2"].discrimination == pytest.approx(0.0)
    assert stats["q3"].discrimination == pytest.approx(-(11**-0.5))
    assert stats["q4"].answered == 0 and stats["q4"].discrimination is None
    assert all(s.flags == [] for s in stats.values())  # four answers: too few to flag
    assert stats["q1"].option_counts == [2, 0, 2]


def _sections(page: str) -> dict[str, str]:
    """Each question's part of the page, by question id."""
    parts = re.split(r'<div class="app-feedback" id="question-', page)[1:]
    return {part.split('"', 1)[0]: part for part in parts}


def _tags(section: str) -> list[str]:
    return re.findall(r'<strong class="govuk-tag govuk-tag--\w+">([^<]+)</strong>', section)


def _flag_data(person, module, count: int) -> None:
    """Attempt i of ``count`` over q1-q5: q1 always right (easy); q2 right only for the five
    weakest, i >= 5 (strong candidates wrong); q3 right only for i < 2 (most wrong, but the
    strongest get it right); q4, q5 right for i < 5."""
    for i in range(count):
        crafted_attempt(person, module, (1, int(i >= 5), int(i < 2), int(i < 5), int(i < 5)))
    db.session.commit()


def test_flags_appear_once_ten_answers_are_in(client, login, people, module):
    _flag_data(people["trainee"], module, 9)
    login("trainer")
    page = client.get("/training-reports/questions/stats/v1").get_data(as_text=True)
    assert all(_tags(s) in ([], ["Must get right"]) for s in _sections(page).values())
    assert "Too few answers yet to judge (it needs 10)." in page
    crafted_attempt(people["trainee"], module, (1, 1, 0, 0, 0))  # the tenth (i = 9)
    db.session.commit()
    page = client.get("/training-reports/questions/stats/v1").get_data(as_text=True)
    sections = _sections(page)
    assert _tags(sections["q1"]) == ["Everyone gets this right", "Must get right"]
    assert _tags(sections["q2"]) == ["Strong candidates get this wrong"]
    assert _tags(sections["q3"]) == ["Most get this wrong"]
    assert _tags(sections["q4"]) == [] and _tags(sections["q5"]) == []
    stats = _by_key(question_stats(db.session, module.current_version, people["trainer"]))
    # q2: right rests [1]*5 (M1 = 1), wrong rests [4, 4, 3, 3, 3] (M0 = 3.4): negative.
    assert stats["q2"].discrimination < 0 and stats["q3"].discrimination > 0
    assert stats["q1"].discrimination is None
    assert "Cannot be worked out" in sections["q1"] and "1.00" in sections["q1"]
    assert "do worse on this question" in sections["q2"]


def test_the_page_shows_the_full_stem_outcome_and_must_pass(client, login, people, module):
    """A scenario question shows its whole situation and its prompt, in that order."""
    version = module.current_version
    situation = (
        "You meet Dan at the prison gate on the day he is released. A week later he sends "
        "you a friend request on Facebook, and a message saying he is struggling at night "
        "and asking for your personal phone number so he can call you when it gets bad."
    )
    version.outcomes = [{"id": "contact", "text": "Keep contact to the scheme's phone.", "draw": 1}]
    q1 = next(q for q in version.questions if q.key == "q1")
    q1.type, q1.scenario, q1.outcome = "scenario", situation, "contact"
    q1.prompt = "What is the best thing to do?"
    db.session.commit()
    for marks in HAND:
        crafted_attempt(people["trainee"], module, marks)
    db.session.commit()
    login("trainer")
    page = client.get("/training-reports/questions/stats/v1").get_data(as_text=True)
    section = _sections(page)["q1"]
    assert situation.replace("'", "&#39;") in section
    assert section.index("asking for your personal phone") < section.index("What is the best")
    # Curriculum text goes through the lessons' Markdown (typographic apostrophes).
    assert "Keep contact to the scheme\u2019s phone." in section and "(contact)" in section
    assert "Must get right" in section and "Yes: a wrong answer fails" in section
    assert 'Facility</dt><dd class="govuk-summary-list__value">0.50' in section
    assert "0.58: " in section
    q3 = _sections(page)["q3"]
    assert "-0.30: " in q3 and "0.50" in q3 and "Must get right</strong>" not in q3
    assert "Not named" in q3
    assert "point-biserial correlation" in page  # the help text says which index


def test_statistics_stay_within_the_viewers_scheme(client, login, people, module):
    """Another scheme's attempts change an admin's numbers, never a trainer's."""
    for marks in HAND:
        crafted_attempt(people["trainee"], module, marks)
    outsider = make_person(
        "o@example.org", "Out Sider", [Role.TRAINEE], make_scheme("other", "Other Scheme")
    )
    for marks in [(0, 0, 0), (0, 1, 1), (1, 0, 1)]:
        crafted_attempt(outsider, module, marks)
    db.session.commit()
    version = module.current_version
    mine = _by_key(question_stats(db.session, version, people["trainer"]))
    everyone = _by_key(question_stats(db.session, version, people["admin"]))
    assert mine["q3"].answered == 4 and mine["q3"].discrimination == pytest.approx(-(11**-0.5))
    assert everyone["q3"].answered == 7 and everyone["q3"].correct == 4
    assert everyone["q3"].discrimination != pytest.approx(mine["q3"].discrimination)
    login("trainer")
    page = client.get("/training-reports/questions/stats/v1").get_data(as_text=True)
    assert "Answered 4 times" in _sections(page)["q3"] and "by trainees of your scheme" in page


def _statements(call) -> int:
    seen = []

    def count(*_args):
        seen.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        call()
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_the_number_of_queries_does_not_grow_with_the_attempts(app, people, module):
    """Two statements (the answers, then the bank) for 4 attempts or 40."""
    version_id, trainer = module.current_version_id, people["trainer"]

    def statements() -> int:
        db.session.expire_all()
        version = db.session.get(ModuleVersion, version_id)
        trainer.has_role(Role.ADMIN) and trainer.scheme_id  # the viewer, as a page has it
        return _statements(lambda: question_stats(db.session, version, trainer))

    for marks in HAND:
        crafted_attempt(people["trainee"], module, marks)
    db.session.commit()
    few = statements()
    for marks in HAND * 9:
        crafted_attempt(people["trainee"], module, marks)
    db.session.commit()
    assert statements() == few == 2
