"""Plain functions that make test data through the same services the app uses."""

from __future__ import annotations

from lms.accounts import services as accounts
from lms.accounts.models import Person, Role, Scheme
from lms.extensions import db

PASSWORD = "correct horse battery staple"


def make_scheme(slug: str = "demo", name: str = "Demo Scheme") -> Scheme:
    scheme = accounts.save_scheme(db.session, None, slug=slug, name=name, contact_email=None)
    db.session.commit()
    return scheme


def make_person(
    email: str,
    name: str = "Pat Person",
    roles: list[Role] | None = None,
    scheme: Scheme | None = None,
    password: str | None = PASSWORD,
) -> Person:
    person = accounts.create_person(
        db.session,
        email=email,
        name=name,
        roles=roles or [Role.TRAINEE],
        scheme=scheme,
        password=password,
    )
    db.session.commit()
    return person


def make_module(
    slug: str = "sample",
    *,
    position: int = 1,
    questions: int = 12,
    per_attempt: int = 5,
    pass_mark: int = 80,
    attempt_limit: int = 2,
    cooldown_hours: int = 24,
    show_answers: str = "after_pass",
    must_pass_keys: tuple[str, ...] = ("q1",),
    questions_hash: str | None = None,
    pathway: str = "core",
):
    """A module with a current version, two lessons and a bank of simple questions.

    Question ``qN`` has options A, B, C with A correct (``multiple`` questions: A and B);
    every fourth question is a multiple-response question.
    """
    from sqlalchemy import func, select

    from lms.content.models import Lesson, Module, ModuleVersion, Question

    module = db.session.scalars(select(Module).where(Module.slug == slug)).first()
    if module is None:
        module = Module(slug=slug, position=position)
        db.session.add(module)
        db.session.flush()
    number = (
        db.session.scalar(
            select(func.max(ModuleVersion.number)).where(ModuleVersion.module_id == module.id)
        )
        or 0
    ) + 1
    version = ModuleVersion(
        module_id=module.id,
        number=number,
        content_hash=f"{slug}-content-{number}",
        questions_hash=questions_hash or f"{slug}-questions-{number}",
        title=f"Module {slug}",
        summary="A test module.",
        declared_version=number,
        pathway=pathway,
        competences=[slug],
        pass_mark=pass_mark,
        questions_per_attempt=per_attempt,
        attempt_limit=attempt_limit,
        cooldown_hours=cooldown_hours,
        show_answers=show_answers,
    )
    db.session.add(version)
    db.session.flush()
    for position_, title in enumerate(["First lesson", "Second lesson"], start=1):
        db.session.add(
            Lesson(
                module_version_id=version.id,
                position=position_,
                slug=f"0{position_}-lesson",
                title=title,
                body_markdown=f"Text of {title}.",
                body_html=f"<p class='govuk-body'>Text of {title}.</p>",
            )
        )
    for i in range(1, questions + 1):
        kind = "multiple" if i % 4 == 0 else "single"
        db.session.add(
            Question(
                module_version_id=version.id,
                position=i,
                key=f"q{i}",
                type=kind,
                prompt=f"Question {i}?",
                scenario=None,
                must_pass=f"q{i}" in must_pass_keys,
                options=[
                    {"text": f"A{i}", "correct": True, "feedback": "A is right."},
                    {"text": f"B{i}", "correct": kind == "multiple", "feedback": "About B."},
                    {"text": f"C{i}", "correct": False, "feedback": "C is wrong."},
                ],
                content_hash=f"{slug}-q{i}-{number}",
            )
        )
    module.current_version = version
    db.session.commit()
    return module


def quiz_answers(attempt, right: bool = True, wrong_keys: tuple[str, ...] = ()) -> dict:
    """Answers for every question of an attempt: all right, or wrong for some or all."""
    answers = {}
    for aq in attempt.questions:
        options = aq.question.options
        good = [i for i, o in enumerate(options) if o["correct"]]
        bad = [i for i, o in enumerate(options) if not o["correct"]][:1]
        answers[aq.id] = good if right and aq.question.key not in wrong_keys else bad
    return answers


def take_quiz(person: Person, module, right: bool = True):
    """Start and submit a quiz attempt through the service, committing it."""
    from lms.training import services

    attempt = services.start_attempt(db.session, person, module)
    services.submit_attempt(db.session, person, attempt, quiz_answers(attempt, right))
    db.session.commit()
    return attempt


def make_scenario(module, key: str = "money", min_words: int = 80):
    """A scenario assessment with a three-criterion rubric on the module's current version."""
    from lms.content.models import ScenarioAssessment

    scenario = ScenarioAssessment(
        module_version_id=module.current_version_id,
        key=key,
        title="A request for money",
        situation="Dean asks you for £40.",
        task="What would you do?",
        min_words=min_words,
        rubric=[
            {"id": "boundary", "criterion": "Names the boundary", "guidance": "No loans."},
            {"id": "tell", "criterion": "Tells the coordinator", "guidance": "Same day."},
            {"id": "support", "criterion": "Keeps supporting", "guidance": "Signposts."},
        ],
    )
    db.session.add(scenario)
    db.session.commit()
    return scenario


LONG_ANSWER = " ".join(["word"] * 90)


def submit_answer(person: Person, scenario, text: str = LONG_ANSWER):
    """A trainee's answer to a scenario, sent for marking."""
    from lms.assessment import services

    submission = services.save_answer(
        db.session,
        person,
        scenario,
        scenario.module_version.module,
        text,
        submit=True,
        settings=services.Settings(),
    )
    db.session.commit()
    return submission
