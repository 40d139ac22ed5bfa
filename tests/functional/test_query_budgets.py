"""SQL statements per page stay within a budget and do not grow with the data (N+1 guard).

The data is a tiny ``seed-scale`` run (the same generator the benchmark uses, over two small
factory-made modules), a scheme of ten trainees and then one of forty; each page is requested
signed in and its statements are counted with a SQLAlchemy listener. See bench/RESULTS.md
for the national-scale figures.
"""

from __future__ import annotations

import re

import pytest
from flask import Flask
from sqlalchemy import event, func, select

from lms.accounts.models import Person, PersonRole, Role, Scheme
from lms.accounts.passwords import hash_password
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.matching.models import ContactLog, Match, Mentee
from lms.scale.generate import SCALE_PASSWORD, Sizes, generate
from lms.training.models import QuizAttempt
from lms.ukdates import uk_today
from tests.conftest import csrf_token
from tests.factories import (
    PASSWORD,
    make_definition,
    make_match,
    make_mentor,
    make_module,
    make_person,
    make_scenario,
    submit_answer,
)

# Statements per request, signed in, on PostgreSQL or SQLite (whichever is higher). Every page
# a signed-in person sees counts their unread notifications for the header: one statement.
BUDGETS = {
    "learning path": 15,  # the path (9), the next step, practice totals (2), renewal, mentor?
    "quiz page": 7,  # with half its answers saved: they come with the attempt's questions
    # The script's save of one question: the attempt and its questions, then the attempt's
    # status read with a lock (FOR UPDATE on PostgreSQL) and one update.
    "quiz answer saved": 6,
    "quiz submission": 16,  # 15 on SQLite; PostgreSQL adds the audit chain's advisory lock
    "marking queue": 12,  # and which writers are certified mentors (one statement a page)
    "coordinator dashboard": 24,
    "candidates": 14,
    "audit trail": 11,  # and the names on the page: people, mentees, scenario answers (one each)
    # Home pages: the page's own few statements, then one per "Needs your action" item.
    # A lead trainer's second marks add one; eligible: definitions + count; concerns (for the
    # named safeguarding lead or deputy, zero for others) one.
    "trainer home": 12,
    # One per item: concerns not yet looked at and no-contact matches each add one.
    "coordinator home": 14,  # and the expense claims waiting
    "admin home": 10,  # the audit trail's last check is one
    "mentor home": 19,  # the learning path, then one statement per mentor item
    # The mentor's matches with their mentees (2), and their supervision and DBS dates (1).
    "my mentees": 8,
    # Expenses (6): the claims with their people and contacts in one statement, and a count;
    # test_expenses_budget.py checks they do not grow with the number of claims.
    "mentor expenses": 7,
    "expense claims": 7,
    "concerns": 8,  # flagged contacts, then their matches, mentees and mentors (one each)
    "people list": 9,  # the page and its count, roles, schemes, which are certified mentors
    # The page and its count, definitions and schemes shown (one each), the certificate choices.
    "scheme certificates": 8,
    # Search, states, counts and the page in one statement, then the gate's reasons (7) for the
    # blocked mentors on the page, as on the dashboard.
    "scheme mentors": 12,
    "DBS checks list": 7,  # the page (with its roles) and its count, the page's latest checks
    # The page and its count; its trainees and trainers, and the trainee select (each with
    # their roles), and which of the page's trainees are certified mentors (one statement).
    "scheme practice list": 12,
}
# Page -> (who signs in, the route); the quiz page is a fresh attempt, found per dataset.
PAGES = {
    "learning path": ("trainee", "/trainee"),
    "quiz page": ("fresh", None),
    "marking queue": ("trainer", "/assessment/queue"),
    "coordinator dashboard": ("coordinator", "/matching/"),
    "candidates": ("coordinator", "/matching/mentees/<int:mentee_id>/candidates"),
    "audit trail": ("admin", "/admin/audit/"),
    "people list": ("admin", "/admin/people"),
    "scheme certificates": ("coordinator", "/certificates/scheme"),
    "scheme mentors": ("coordinator", "/matching/mentors"),
    "DBS checks list": ("coordinator", "/vetting/"),
    "scheme practice list": ("coordinator", "/practice/scheme"),
    "trainer home": ("trainer", "/trainer"),
    "coordinator home": ("coordinator", "/coordinator"),
    "admin home": ("admin", "/admin"),
    "mentor expenses": ("trainee", "/expenses/"),
    "expense claims": ("coordinator", "/expenses/claims"),
    "concerns": ("coordinator", "/matching/concerns"),
    "mentor home": ("mentor", "/trainee"),
    "my mentees": ("mentor", "/matching/my-mentees"),
}


def _sizes(people: int) -> Sizes:
    return Sizes(
        schemes=1,
        people=people,
        mentees=people * 3,
        answers=people * 50,
        practice=people * 20,
        certificates=people * 2,
        audit_events=people * 10,
    )


def _content():
    """Two small modules with a scenario, and the core certificate (no slow content sync)."""
    first = make_module("first", position=1)
    make_module("second", position=2)
    make_definition(modules=("first", "second"))
    return make_scenario(first)


def _build(people: int, seed: int, scenario) -> dict:
    """Add a scheme of ``people`` trainees; return who in it to sign in as, and ids to use."""
    generate(
        db.session,
        _sizes(people),
        seed=seed,
        password_hash=hash_password(SCALE_PASSWORD),
        today=uk_today(),
        force=True,
        sync_content=False,
    )
    db.session.commit()
    scheme = db.session.get(Scheme, db.session.scalar(select(func.max(Scheme.id))))

    def email(role: str, scheme_id: int | None) -> str:
        stmt = select(Person.email).join(PersonRole).where(PersonRole.role == role)
        stmt = stmt.where(Person.scheme_id == scheme_id)
        return db.session.scalar(stmt.order_by(Person.id.desc()).limit(1))

    # The learning path of a trainee who is not a mentor (a mentor's is the "mentor home").
    holders = select(Certificate.person_id).where(Certificate.current)
    busiest = db.session.execute(
        select(Person.email)
        .join(QuizAttempt, QuizAttempt.person_id == Person.id)
        .where(Person.scheme_id == scheme.id, Person.id.not_in(holders))
        .group_by(Person.email)
        .order_by(func.count(QuizAttempt.id).desc(), Person.email)
        .limit(1)
    ).scalar()
    _flag_concerns(scheme, people // 2)
    fresh = make_person(f"fresh-{seed}@example.org", "Fran Fresh", [Role.TRAINEE], scheme)
    # At least one answer waits in the queue, however the random draw fell.
    writer = make_person(f"writer-{seed}@example.org", "Wes Writer", [Role.TRAINEE], scheme)
    submit_answer(writer, scenario)
    return {
        "mentor": (_mentor(scheme, people, seed).email, PASSWORD),
        "trainee": (busiest, SCALE_PASSWORD),
        "fresh": (fresh.email, PASSWORD),
        "trainer": (email("trainer", scheme.id), SCALE_PASSWORD),
        "coordinator": (email("coordinator", scheme.id), SCALE_PASSWORD),
        "admin": (email("admin", None), SCALE_PASSWORD),
        "mentee_id": db.session.scalar(
            select(func.min(Mentee.id)).where(Mentee.scheme_id == scheme.id)
        ),
        "module": "first",
    }


def _flag_concerns(scheme: Scheme, how_many: int) -> None:
    """A concern flagged on each of the scheme's first matches (the concerns list has rows)."""
    found = db.session.scalars(
        select(Match).where(Match.scheme_id == scheme.id).order_by(Match.id).limit(how_many)
    ).all()
    for match in found:
        db.session.add(
            ContactLog(
                match_id=match.id,
                mentor_id=match.mentor_id,
                held_on=uk_today(),
                kind="phone",
                minutes=15,
                concern=True,
            )
        )
    db.session.commit()


def _mentor(scheme: Scheme, people: int, seed: int) -> Person:
    """A certified mentor with a match for every fifth trainee, some with contacts logged."""
    mentor = make_person(f"mentor-{seed}@example.org", "Mo Mentor", [Role.TRAINEE], scheme)
    make_mentor(mentor, capacity=5, supervised_days_ago=70, valid_days_left=30)
    mentees = db.session.scalars(select(Mentee).where(Mentee.scheme_id == scheme.id).limit(people))
    for i, mentee in enumerate(list(mentees)[: people // 5 * 2]):
        match = make_match(mentor, mentee, status="proposed" if i % 4 == 0 else "active")
        if i % 2:
            db.session.add(
                ContactLog(
                    match_id=match.id,
                    mentor_id=mentor.id,
                    held_on=uk_today(),
                    kind="phone",
                    minutes=10,
                )
            )
    db.session.commit()
    return mentor


def _signed_in(app: Flask, who: tuple[str, str]):
    email, password = who
    client = app.test_client()
    token = csrf_token(client)
    response = client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": token}
    )
    assert response.status_code == 302, email
    return client


# Page -> the statements it issued in each run, shown when a count grows.
STATEMENTS: dict[str, list[list[str]]] = {}
LAST: list[list[str]] = [[]]


def _count(call) -> tuple[int, int]:
    seen: list[str] = []
    LAST[0] = seen

    def listener(conn, cursor, statement, *args):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        status = call().status_code
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(seen), status


def _routes(app: Flask) -> set[str]:
    return {rule.rule for rule in app.url_map.iter_rules()}


def _measure(app: Flask, fx: dict) -> dict[str, int]:
    """Statements for every page (second request, so first-request work is not counted)."""
    counts: dict[str, int] = {}
    clients: dict[str, object] = {}
    fresh = _signed_in(app, fx["fresh"])
    slug = fx["module"]
    page = fresh.get(f"/training/{slug}").get_data(as_text=True)
    started = fresh.post(
        f"/training/{slug}/quiz", data={"csrf_token": re_token(page)}, follow_redirects=False
    )
    attempt_path = started.headers["Location"]
    quiz = fresh.get(attempt_path).get_data(as_text=True)
    fields = list(dict(re.findall(r'name="(answer-\d+)"[^>]*value="(\d+)"', quiz)).items())
    half = dict(fields[: len(fields) // 2])
    saved = fresh.post(
        f"{attempt_path}/answers", data={"csrf_token": re_token(quiz), **half}
    )  # the quiz page is measured with half its answers saved
    assert saved.status_code == 303, saved.status_code
    field, value = fields[-1]
    body = {"answers": {field: [value]}}
    headers = {"X-CSRFToken": re_token(quiz)}
    fresh.post(f"{attempt_path}/answers", json=body, headers=headers)
    count, status = _count(
        lambda: fresh.post(f"{attempt_path}/answers", json=body, headers=headers)
    )
    assert status == 200, status
    counts["quiz answer saved"] = count
    routes = _routes(app)
    for name, (role, path) in PAGES.items():
        if name == "quiz page":
            client, path = fresh, attempt_path
        else:
            if path not in routes:
                continue
            path = path.replace("<int:mentee_id>", str(fx["mentee_id"]))
            if role not in clients:
                clients[role] = _signed_in(app, fx[role])
            client = clients[role]
        client.get(path)
        count, status = _count(lambda c=client, p=path: c.get(p))
        assert status == 200, (name, status)
        counts[name] = count
        STATEMENTS.setdefault(name, []).append(LAST[0])
    quiz = fresh.get(attempt_path).get_data(as_text=True)
    answers = dict(reversed(re.findall(r'name="(answer-\d+)"[^>]*value="(\d+)"', quiz)))
    form = {"csrf_token": re_token(quiz), **answers}
    count, status = _count(lambda: fresh.post(attempt_path, data=form))
    assert status == 302, status
    counts["quiz submission"] = count
    return counts


def re_token(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert found, "no CSRF token"
    return found.group(1)


@pytest.fixture
def counts(app: Flask) -> tuple[dict[str, int], dict[str, int]]:
    """Statement counts in a scheme of 10 trainees, then in one of 40 (and five times the rows)."""
    scenario = _content()
    small = _measure(app, _build(10, seed=3, scenario=scenario))
    large = _measure(app, _build(40, seed=4, scenario=scenario))
    return small, large


def test_pages_stay_within_their_statement_budgets_and_do_not_grow_with_the_data(
    app: Flask, counts
):
    """Each page issues at most its budget of SQL statements, and no more with 4x the data."""
    small, large = counts
    over = {name: n for name, n in small.items() if n > BUDGETS[name]}
    assert not over, f"over budget (budgets {BUDGETS}): {over}"
    grew = {name: (small[name], large[name]) for name in small if large[name] > small[name]}
    if grew:
        shown = {
            name: [[" ".join(q.split())[:120] for q in run] for run in STATEMENTS[name]]
            for name in grew
        }
        pytest.fail(f"statement count grows with the data: {grew}\n{shown}")


def test_every_budgeted_page_exists(app: Flask):
    """Every page with a budget is a real route, so a renamed page cannot drop out silently."""
    missing = [path for _, path in PAGES.values() if path and path not in _routes(app)]
    assert not missing, f"budgeted pages that no route serves: {missing}"
