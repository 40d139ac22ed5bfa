"""In-process measurements against the database in DATABASE_URL; prints one JSON object.

python bench/inprocess.py fixtures     who to sign in as, which ids and numbers to use
python bench/inprocess.py statements   SQL statements per page (test client, event listener)
python bench/inprocess.py pdf          certificate render, signed PDF, whole issue (bench/pdf.py)
python bench/inprocess.py candidates   the matching gate and ranking over every mentor
python bench/inprocess.py credentials  credential issue and check, status list rebuild and read
"""

from __future__ import annotations

import gc
import json
import os
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask.testing import FlaskClient
from sqlalchemy import event, func, select

from lms import create_app
from lms.extensions import db

PASSWORD = "scale-password-peer-mentor"  # noqa: S105 - the synthetic accounts' shared password
SUBMIT_PAIRS = 40


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile (``share`` between 0 and 1) of ``values``."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = max(0, min(len(ordered) - 1, round(share * len(ordered) + 0.5) - 1))
    return ordered[index]


class IsolatedClient(FlaskClient):
    """Runs each request in its own app context, as a real server does (see tests/conftest.py)."""

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_app():
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": os.environ["DATABASE_URL"],
            "RATELIMIT_SIGN_IN": "100000 per minute",
            "RATELIMIT_VERIFY": "1000000 per minute",
            "SERVER_NAME": None,
        }
    )
    app.test_client_class = IsolatedClient
    gc.freeze()  # as create_app does outside tests (TESTING here only relaxes the limits)
    return app


# ---------------------------------------------------------------------------
# Fixtures: what the other measurements use


def _route(app, contains: str, arg: str | None = None) -> str | None:
    for rule in app.url_map.iter_rules():
        wanted = arg is None or arg in rule.arguments
        if contains in rule.rule and "GET" in (rule.methods or ()) and wanted:
            return rule.rule
    return None


def fixtures(app, pairs: int = SUBMIT_PAIRS) -> dict:
    """The people, ids and certificate numbers the benchmark uses, read from the data."""
    from lms.accounts.models import Person, PersonRole, Scheme
    from lms.certificates.models import Certificate
    from lms.content.models import Module
    from lms.matching.models import Match, Mentee
    from lms.training.models import QuizAttempt

    s = db.session
    scheme_id = s.scalar(select(func.min(Scheme.id)))

    def email_with(role: str, scheme: int | None = None) -> str:
        stmt = select(Person.email).join(PersonRole).where(PersonRole.role == role)
        if scheme is not None:
            stmt = stmt.where(Person.scheme_id == scheme)
        return s.scalar(stmt.order_by(Person.id).offset(1 if role == "trainer" else 0).limit(1))

    busiest = s.execute(
        select(Person.email, func.count(QuizAttempt.id))
        .join(QuizAttempt, QuizAttempt.person_id == Person.id)
        .where(Person.scheme_id == scheme_id)
        .group_by(Person.email)
        .order_by(func.count(QuizAttempt.id).desc(), Person.email)
        .limit(1)
    ).first()
    open_attempt = s.execute(
        select(Person.email, QuizAttempt.id)
        .join(QuizAttempt, QuizAttempt.person_id == Person.id)
        .where(QuizAttempt.status == "in_progress")
        .order_by(QuizAttempt.id)
        .limit(1)
    ).first()
    # The home pages: a trainee who is not a mentor, and the mentor with the most matches.
    current = select(Certificate.person_id).where(Certificate.current)

    def most(model, on, holder: bool) -> str | None:
        """The person of the scheme with the most rows of ``model`` (joined ``on``)."""
        held = Person.id.in_(current) if holder else Person.id.not_in(current)
        return s.scalar(
            select(Person.email)
            .join(model, on)
            .where(Person.scheme_id == scheme_id, held)
            .group_by(Person.email)
            .order_by(func.count(model.id).desc(), Person.email)
            .limit(1)
        )

    learner = most(QuizAttempt, QuizAttempt.person_id == Person.id, False)
    mentor = most(Match, Match.mentor_id == Person.id, True) or s.scalar(
        select(Person.email).where(Person.scheme_id == scheme_id, Person.id.in_(current)).limit(1)
    )
    # Trainees without a certificate, and core modules they have never attempted.
    holders = select(Certificate.person_id)
    learners = s.scalars(
        select(Person.id)
        .join(PersonRole)
        .where(PersonRole.role == "trainee", Person.id.not_in(holders))
        .order_by(Person.id)
        .limit(400)
    ).all()
    modules = s.execute(
        select(Module.id, Module.slug).where(Module.retired.is_(False)).order_by(Module.position)
    ).all()
    tried = set(
        s.execute(
            select(QuizAttempt.person_id, QuizAttempt.module_id).where(
                QuizAttempt.person_id.in_(learners)
            )
        ).all()
    )
    emails = dict(s.execute(select(Person.id, Person.email).where(Person.id.in_(learners))).all())
    free = [
        [emails[pid], slug]
        for pid in learners
        for module_id, slug in modules
        if (pid, module_id) not in tried
    ][: pairs * 2]
    mentee = s.scalar(select(func.min(Mentee.id)).where(Mentee.scheme_id == scheme_id))
    numbers = list(s.scalars(select(Certificate.number).order_by(Certificate.id)))
    import random

    rng = random.Random(7)  # noqa: S311 - picking sample numbers, not security
    rules = {rule.rule for rule in app.url_map.iter_rules()}
    dashboard = "/matching/" if "/matching/" in rules else None
    candidates = _route(app, "candidates", "mentee_id")
    return {
        "scheme_id": scheme_id,
        "trainee": busiest[0] if busiest else email_with("trainee", scheme_id),
        "quiz_taker": open_attempt[0] if open_attempt else None,
        "open_attempt": open_attempt[1] if open_attempt else None,
        "learner": learner,
        "mentor": mentor,
        "trainer": email_with("trainer", scheme_id),
        "coordinator": email_with("coordinator", scheme_id),
        "admin": email_with("admin"),
        "mentee_id": mentee,
        "submit_pairs": free,
        "numbers": rng.sample(numbers, min(1000, len(numbers))),
        "dashboard": dashboard,
        "candidates": candidates.replace("<int:mentee_id>", str(mentee)) if candidates else None,
    }


def pages(fx: dict) -> dict[str, tuple[str, str | None]]:
    """Page name -> (who signs in, path); None when the route does not exist."""
    return {
        "learning path (/trainee)": ("trainee", "/trainee"),
        "quiz page": ("quiz_taker", f"/training/attempts/{fx['open_attempt']}"),
        "marking queue (/assessment/queue)": ("trainer", "/assessment/queue"),
        "coordinator dashboard (/matching/)": ("coordinator", fx["dashboard"]),
        "candidates for a mentee": ("coordinator", fx["candidates"]),
        "audit trail (/admin/audit/)": ("admin", "/admin/audit/"),
        # Every home page: "Needs your action" counts over the whole scheme.
        "trainee home (/trainee, not a mentor)": ("learner", "/trainee"),
        "mentor home (/trainee, certificate holder)": ("mentor", "/trainee"),
        "trainer home (/trainer)": ("trainer", "/trainer"),
        "coordinator home (/coordinator)": ("coordinator", "/coordinator"),
        "admin home (/admin)": ("admin", "/admin"),
    }


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', html
    )
    return found.group(1) if found else ""


def quiz_answers(html: str) -> dict[str, str]:
    """The first option of every question on a quiz page, as form fields."""
    answers: dict[str, str] = {}
    for name, value in re.findall(r'name="(answer-\d+)"[^>]*value="(\d+)"', html):
        answers.setdefault(name, value)
    return answers


# ---------------------------------------------------------------------------
# Statements per page


def statements(app, fx: dict) -> dict:
    """SQL statements each page issues (second request, signed in), counted by a listener."""
    counted: list[str] = []
    engine = db.engine
    listener = lambda *args: counted.append(args[2])  # noqa: E731

    def count(call) -> tuple[int, int]:
        counted.clear()
        event.listen(engine, "before_cursor_execute", listener)
        try:
            response = call()
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(counted), response.status_code

    clients = {}

    def client_for(role: str):
        if role not in clients:
            client = app.test_client()
            token = csrf(client.get("/sign-in").get_data(as_text=True))
            client.post(
                "/sign-in", data={"email": fx[role], "password": PASSWORD, "csrf_token": token}
            )
            clients[role] = client
        return clients[role]

    result = {}
    for name, (role, path) in pages(fx).items():
        if path is None or fx.get(role) is None:
            result[name] = None
            continue
        client = client_for(role)
        client.get(path)  # warm: first-request work is not the page's
        result[name] = count(lambda c=client, p=path: c.get(p))
    email, slug = fx["submit_pairs"][-1]
    client = app.test_client()
    token = csrf(client.get("/sign-in").get_data(as_text=True))
    client.post("/sign-in", data={"email": email, "password": PASSWORD, "csrf_token": token})
    page = client.get(f"/training/{slug}")
    started = client.post(f"/training/{slug}/quiz", data={"csrf_token": csrf(page.get_data(True))})
    location = started.headers.get("Location", "")
    html = client.get(location).get_data(as_text=True)
    form = {"csrf_token": csrf(html), **quiz_answers(html)}
    result["quiz submission"] = count(lambda: client.post(location, data=form))
    return result


def main() -> None:
    what = sys.argv[1]
    app = make_app()
    with app.app_context():
        if what == "fixtures":
            out = fixtures(app)
        elif what == "statements":
            out = statements(app, json.loads(Path(sys.argv[2]).read_text()))
        elif what == "pdf":
            from bench.pdf import pdf

            out = pdf(app)
        elif what == "candidates":
            from bench.candidates import candidates

            out = candidates(app)
        elif what == "credentials":
            from bench.credentials import credentials

            out = credentials(app)
        elif what == "one_scheme":
            from bench.candidates import one_scheme

            out = one_scheme(app)
        else:
            raise SystemExit(__doc__)
    print(json.dumps(out, default=str))


if __name__ == "__main__":
    main()
