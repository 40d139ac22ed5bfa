"""The blueprint through start_attempt: stored draws ask every must-pass item and each outcome,
and the trainee's quiz page does not show which questions are must-pass."""

from __future__ import annotations

import random
import re
from collections import Counter

from sqlalchemy import select

from lms.content.models import Question
from lms.extensions import db
from lms.training import services
from lms.training.models import AttemptQuestion, QuizAttempt
from tests.conftest import csrf_token
from tests.factories import make_module, quiz_answers

OUTCOMES = [
    {"id": "gifts", "text": "Say no to gifts and explain why.", "draw": 2},
    {"id": "contact", "text": "Keep contact to the scheme's phone.", "draw": 1},
    {"id": "endings", "text": "End the relationship well.", "draw": 2},
]


def _module_with_outcomes(slug="blueprint", outcomes=OUTCOMES, **kwargs):
    """Sixteen questions: q1-q5 gifts, q6-q10 contact, q11-q16 endings; q1 and q6 must-pass."""
    kwargs = {"questions": 16, "per_attempt": 8, "must_pass_keys": ("q1", "q6"), **kwargs}
    module = make_module(slug, attempt_limit=100, **kwargs)
    version = module.current_version
    version.outcomes = outcomes
    for question in version.questions:
        n = int(question.key[1:])
        question.outcome = "gifts" if n <= 5 else "contact" if n <= 10 else "endings"
    db.session.commit()
    return module


def _stored(attempt_id: int) -> list[tuple[int, Question]]:
    """The attempt's questions as stored, read back from the database in position order."""
    db.session.expire_all()
    rows = db.session.execute(
        select(AttemptQuestion.position, Question)
        .join(Question, Question.id == AttemptQuestion.question_id)
        .where(AttemptQuestion.attempt_id == attempt_id)
        .order_by(AttemptQuestion.position)
    )
    return [(position, question) for position, question in rows]


def _draw_many(person, module, times: int):
    """Start (with a seeded draw) and fail ``times`` attempts in turn; yield each stored draw."""
    for seed in range(times):
        attempt = services.start_attempt(db.session, person, module, rng=random.Random(seed))
        db.session.commit()
        yield attempt, _stored(attempt.id)
        services.submit_attempt(db.session, person, attempt, quiz_answers(attempt, right=False))
        db.session.commit()


def test_every_stored_attempt_asks_every_must_pass_item_and_each_outcome(app, people):
    """Thirty attempts through start_attempt: each stores eight distinct questions of the
    current version, q1 and q6 always, every outcome its draw, every question sometimes."""
    module = _module_with_outcomes()
    version_id = module.current_version_id
    seen: Counter[str] = Counter()
    must_positions: set[int] = set()
    for attempt, stored in _draw_many(people["trainee"], module, 30):
        questions = [q for _, q in stored]
        assert attempt.question_count == 8 and [p for p, _ in stored] == list(range(1, 9))
        assert len({q.id for q in questions}) == 8
        assert all(q.module_version_id == version_id for q in questions)
        keys = {q.key for q in questions}
        assert {"q1", "q6"} <= keys
        asked = Counter(q.outcome for q in questions)
        assert asked["gifts"] >= 2 and asked["contact"] >= 1 and asked["endings"] >= 2
        seen.update(keys)
        must_positions |= {p for p, q in stored if q.must_pass}
    assert set(seen) == {f"q{n}" for n in range(1, 17)}
    assert seen["q1"] == seen["q6"] == 30
    assert len(must_positions) >= 6  # shuffled: must-pass items are not always first


def test_a_version_without_outcomes_still_asks_its_must_pass_items(app, people):
    """A version synced before outcomes existed: must-pass items plus a random fill."""
    module = make_module("old", questions=12, per_attempt=4, must_pass_keys=("q2", "q9"))
    module.current_version.attempt_limit = 100
    db.session.commit()
    assert module.current_version.outcomes is None
    for _, stored in _draw_many(people["trainee"], module, 10):
        keys = [q.key for _, q in stored]
        assert len(set(keys)) == 4 and {"q2", "q9"} <= set(keys)


def test_a_blueprint_the_bank_cannot_meet_still_starts_the_quiz(app, people):
    """Hand-made data asking more than fits (draws of 2+1+2 and three must-pass items in four
    questions) is drawn as far as it fits, must-pass first, instead of failing the trainee."""
    module = _module_with_outcomes("tight", per_attempt=4, must_pass_keys=("q1", "q6", "q11"))
    for attempt, stored in _draw_many(people["trainee"], module, 5):
        keys = {q.key for _, q in stored}
        assert attempt.question_count == 4 and len(keys) == 4
        assert {"q1", "q6", "q11"} <= keys


def _fieldsets(page: str) -> dict[int, str]:
    """Each question's fieldset on the quiz page, by attempt-question id."""
    found = re.findall(
        r'<fieldset class="govuk-fieldset" id="question-(\d+)".*?</fieldset>', page, re.S
    )
    blocks = re.findall(
        r'<fieldset class="govuk-fieldset" id="question-\d+".*?</fieldset>', page, re.S
    )
    return dict(zip(map(int, found), blocks, strict=True))


def _shape(block: str, question: Question) -> str:
    """A fieldset with what differs between questions (ids, position, texts) blanked out."""
    block = block.replace(question.prompt, "PROMPT")
    for option in question.options:
        block = block.replace(option["text"], "OPTION")
    block = re.sub(r"(question|hint|error|answer)-\d+(-\d+)?", r"\1-ID", block)
    block = re.sub(r'value="\d+"', 'value="N"', block)
    return re.sub(r"Question \d+ of \d+", "Question N of M", block)


def test_the_quiz_page_does_not_say_which_questions_are_must_pass(client, login, app):
    """A must-pass question is marked up exactly like any other question of its type; nothing
    on the page names must-pass items (the result page shows them after marking, as before)."""
    module = _module_with_outcomes("quiet")
    login("trainee")
    token = csrf_token(client, "/training/quiet")
    response = client.post("/training/quiet/quiz", data={"csrf_token": token})
    url = response.headers["Location"]
    page = client.get(url).get_data(as_text=True)
    assert response.status_code == 302 and "Send my answers" in page
    lowered = page.lower()
    for word in ("must get right", "must-pass", "must_pass", "essential", "safety"):
        assert word not in lowered, word
    attempt = db.session.get(QuizAttempt, int(re.search(r"/attempts/(\d+)", url).group(1)))
    blocks = _fieldsets(page)
    shapes: dict[str, set[str]] = {}
    for aq in attempt.questions:
        shape = _shape(blocks[aq.id], aq.question)
        shapes.setdefault(aq.question.type, set()).add(shape)
    assert all(len(kinds) == 1 for kinds in shapes.values()), shapes
    assert any(aq.question.must_pass for aq in attempt.questions)
    assert module.current_version.questions_per_attempt == len(blocks)
