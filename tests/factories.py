"""Plain functions that make test data through the same services the app uses."""

from __future__ import annotations

from lms.accounts import services as accounts
from lms.accounts.models import Person, Role, Scheme
from lms.extensions import db
from lms.ukdates import uk_today

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


def make_carded_trainee(
    actor: Person, username: str = "jo.card", name: str = "Jo Card"
) -> tuple[Person, str]:
    """A trainee with a username and no email, added by ``actor``: the person and their code."""
    from lms.accounts import cards

    person, code = cards.create_trainee(
        db.session, actor, name=name, username=username, scheme=actor.scheme
    )
    db.session.commit()
    return person, code


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


BORDERLINE_EXAMPLE = "I would say no to the loan and tell my coordinator the same day. " * 8
FAILING_EXAMPLE = "I would lend Dean the money this once because he is in trouble. " * 8


def make_scenario(module, key: str = "money", min_words: int = 80, old_rubric: bool = False):
    """A scenario assessment with a three-criterion rubric on the module's current version:
    each criterion with what "met" and "not met" look like, and a borderline and a failing
    calibration example (``old_rubric``: the shape synced before descriptors, with guidance and
    no examples)."""
    from lms.content.models import ScenarioAssessment

    rubric = [
        {
            "id": "boundary",
            "criterion": "Names the boundary",
            "met": "Says no to lending the money, because of the scheme's rule.",
            "not_met": "Lends the money, offers part of it, or puts off deciding.",
        },
        {
            "id": "tell",
            "criterion": "Tells the coordinator",
            "met": "Tells the coordinator about the request the same day.",
            "not_met": "Keeps it to themselves or waits for the next supervision.",
        },
        {
            "id": "support",
            "criterion": "Keeps supporting",
            "met": "Points Dean to advice on money, such as a Jobcentre advance.",
            "not_met": "Leaves Dean with nowhere to turn.",
        },
    ]
    examples = [
        {
            "kind": "borderline",
            "outcome": "refer",
            "met": ["boundary", "tell"],
            "answer": BORDERLINE_EXAMPLE,
            "notes": "Refuses and tells the coordinator, but offers Dean nothing else.",
        },
        {
            "kind": "failing",
            "outcome": "refer",
            "met": [],
            "answer": FAILING_EXAMPLE,
            "notes": "Lends the money and tells nobody.",
        },
    ]
    if old_rubric:
        guidance = ["No loans.", "Same day.", "Signposts."]
        rubric = [
            {"id": c["id"], "criterion": c["criterion"], "guidance": g}
            for c, g in zip(rubric, guidance, strict=True)
        ]
        examples = None
    scenario = ScenarioAssessment(
        module_version_id=module.current_version_id,
        key=key,
        title="A request for money",
        situation="Dean asks you for £40.",
        task="What would you do?",
        min_words=min_words,
        rubric=rubric,
        examples=examples,
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


PRACTICE_REFLECTION = (
    "I went with my trainer to meet a man leaving prison. We walked to the probation office "
    "and then to the housing desk. I listened to what worried him and did not promise what I "
    "could not do. I learned to slow down and let him lead. Next time I will bring the bus map."
)


def joined_before(person: Person, days_ago: int = 30) -> None:
    """Date ``person``'s account (when they joined the scheme) at least ``days_ago`` days back,
    so practice they log for those days may be dated then."""
    from datetime import timedelta

    from lms.db import utcnow

    earliest = utcnow() - timedelta(days=days_ago + 1)
    if person.joined_scheme is None or person.joined_scheme > earliest:
        person.created_at = min(person.created_at or earliest, earliest)
        person.joined_scheme_at = earliest
        db.session.commit()


def make_practice_entry(
    trainee: Person,
    supervisor: Person,
    *,
    kind: str = "shadowing",
    minutes: int = 120,
    days_ago: int = 3,
    location: str = "Probation office",
    status: str = "pending",
    pathway: str | None = None,
):
    """A practice entry logged through the service; ``status`` confirmed/rejected decides it."""
    from datetime import timedelta

    from lms.practice import services

    joined_before(trainee, days_ago)
    details = services.EntryDetails(
        session_date=uk_today() - timedelta(days=days_ago),
        duration_minutes=minutes,
        kind=kind,
        location=location,
        reflection=PRACTICE_REFLECTION,
        supervisor_id=supervisor.id,
        pathway=pathway,
    )
    entry = services.log_entry(db.session, trainee, details)
    if status == "confirmed":
        services.confirm_entry(db.session, supervisor, entry)
    elif status == "rejected":
        services.reject_entry(db.session, supervisor, entry, "Check the date.")
    db.session.commit()
    return entry


def sign_off_entry(entry, observer: Person, outcome: str = "passed", met: bool = True):
    """Sign an observed entry off with every checklist item met (or not), committing it."""
    from lms.practice import services
    from lms.practice.checklist import OBSERVATION_CHECKLIST

    results = {item.id: services.ItemResult(met=met) for item in OBSERVATION_CHECKLIST}
    signoff = services.sign_off_observation(
        db.session, observer, entry, results, outcome, "Work on agreeing confidentiality."
    )
    db.session.commit()
    return signoff


def make_definition(
    slug: str = "core-peer-mentor",
    *,
    modules: tuple[str, ...] = ("sample",),
    scenarios: tuple[str, ...] = ("money",),
    certificates: tuple[str, ...] = (),
    min_hours: int = 2,
    min_sessions: int = 2,
    min_observed: int = 1,
    vetting_level: str | None = "enhanced",
    competences: tuple[str, ...] = ("peer-mentoring",),
    validity_months: int = 24,
    renewal_window_days: int = 60,
):
    """A current certificate definition whose design is the real core certificate's."""
    from lms.certificates.models import CertificateDefinition

    definition = CertificateDefinition(
        slug=slug,
        number=1,
        content_hash=f"{slug}-hash",
        title=f"Certificate {slug}",
        summary="A test certificate.",
        requirements={
            "certificates": list(certificates),
            "modules": list(modules),
            "scenarios": list(scenarios),
            "min_hours": min_hours,
            "min_sessions": min_sessions,
            "min_observed": min_observed,
            "vetting_level": vetting_level,
        },
        competences=list(competences),
        validity_months=validity_months,
        renewal_window_days=renewal_window_days,
        current=True,
    )
    db.session.add(definition)
    db.session.commit()
    return definition


def confirmed_practice(
    person: Person, trainer: Person, *, sessions: int = 2, minutes: int = 60, observed: int = 1
):
    """Confirmed practice sessions, the first ``observed`` of them signed off as passed."""
    from datetime import date, timedelta

    from lms.practice.models import ObservationSignoff, PracticeEntry

    for i in range(sessions):
        entry = PracticeEntry(
            person_id=person.id,
            scheme_id=person.scheme_id,
            supervisor_id=trainer.id,
            session_date=date(2026, 1, 1) + timedelta(days=i),
            duration_minutes=minutes,
            kind="observed" if i < observed else "shadowing",
            location="Probation office",
            reflection="I learnt a lot. " * 10,
            status="confirmed",
            decided_by_id=trainer.id,
        )
        db.session.add(entry)
        db.session.flush()
        if i < observed:
            db.session.add(
                ObservationSignoff(
                    entry_id=entry.id, observer_id=trainer.id, checklist=[], outcome="passed"
                )
            )
    db.session.commit()


def record_vetting(
    person: Person,
    recorder: Person,
    level: str = "enhanced",
    recheck_due=None,
    certificate_date=None,
    kind: str = "dbs",
):
    """A DBS check recorded now (the latest is the newest by ``certificate_date``). Without a
    ``certificate_date``, one the scheme's default 3 years allow for ``recheck_due``."""
    from datetime import date

    from lms.ukdates import add_months
    from lms.vetting.models import VettingCheck

    if certificate_date is None and recheck_due is not None:
        certificate_date = min(date(2025, 6, 1), recheck_due)
        certificate_date = max(certificate_date, add_months(recheck_due, -36))

    check = VettingCheck(
        person_id=person.id,
        scheme_id=person.scheme_id,
        level=level,
        kind=kind,
        certificate_date=certificate_date or date(2025, 6, 1),
        update_service=False,
        recheck_due=recheck_due or date(2028, 6, 1),
        recorded_by_id=recorder.id,
    )
    db.session.add(check)
    db.session.commit()
    return check


def pass_scenario(person: Person, scenario, marker: Person):
    """A scenario answer submitted and marked as a pass."""
    from lms.assessment import services

    submission = submit_answer(person, scenario)
    services.claim(db.session, marker, submission, services.Settings())
    marks = [services.CriterionMark(True, "") for _ in scenario.rubric]
    services.mark(db.session, marker, submission, marks, "pass", "Well done.")
    db.session.commit()
    return submission


def make_eligible(person: Person, trainer: Person, coordinator: Person):
    """Everything the make_definition() defaults need: quiz, scenario, practice, vetting."""
    from sqlalchemy import select

    from lms.content.models import Module, ScenarioAssessment

    module = db.session.scalars(select(Module).where(Module.slug == "sample")).first()
    if module is None:
        module = make_module("sample")
    scenario = db.session.scalars(
        select(ScenarioAssessment).where(
            ScenarioAssessment.module_version_id == module.current_version_id,
            ScenarioAssessment.key == "money",
        )
    ).first() or make_scenario(module)
    take_quiz(person, module)
    pass_scenario(person, scenario, trainer)
    confirmed_practice(person, trainer)
    record_vetting(person, coordinator)


def make_mentor(
    person: Person,
    *,
    today=None,
    competences: tuple[str, ...] = ("peer-mentoring",),
    slug: str = "core-peer-mentor",
    issued_days_ago: int = 100,
    valid_days_left: int = 300,
    supervised_days_ago: int | None = 7,
    vetting_level: str | None = "enhanced_barred",
    recheck_days_left: int = 365,
    available: bool = True,
    capacity: int = 2,
    area: str = "Leeds",
    languages: tuple[str, ...] = ("English",),
    gender: str = "woman",
    needs: tuple[str, ...] = ("housing",),
):
    """A matchable mentor as of ``today``, cheaply: a current certificate row (no PDF render),
    a mentor profile, a DBS check and a recent supervision session; returns the certificate.

    ``vetting_level=None`` records no check; ``supervised_days_ago=None`` records no session;
    give a second certificate a different ``slug`` (one current certificate per slug).
    """
    from datetime import timedelta

    from sqlalchemy import func, select

    from lms.certificates.models import Certificate, CertificateDefinition
    from lms.matching.models import MentorProfile, SupervisionSession
    from lms.vetting.models import VettingCheck

    today = today or uk_today()
    found = select(CertificateDefinition).where(CertificateDefinition.slug == "core-peer-mentor")
    definition = db.session.scalars(found).first() or make_definition()
    serial = db.session.scalar(select(func.count(Certificate.id))) + 1
    cert = Certificate(
        number=f"PM-T{person.id:05d}-{serial:04d}",
        person_id=person.id,
        scheme_id=person.scheme_id,
        definition_id=definition.id,
        definition_slug=slug,
        holder_name=person.name,
        competences=list(competences),
        module_hashes={},
        issued_by_id=person.id,
        valid_from=today - timedelta(days=issued_days_ago),
        valid_until=today + timedelta(days=valid_days_left),
        current=True,
        reminders_sent=[],
        pdf=b"%PDF-test",
        pdf_sha256="0" * 64,
    )
    db.session.add(cert)
    profile = db.session.scalars(
        select(MentorProfile).where(MentorProfile.person_id == person.id)
    ).first()
    if profile is None:
        profile = MentorProfile(person_id=person.id)
        db.session.add(profile)
    profile.available, profile.capacity, profile.area = available, capacity, area
    profile.languages, profile.gender = list(languages), gender
    profile.needs_experience = list(needs)
    if vetting_level is not None:
        db.session.add(
            VettingCheck(
                person_id=person.id,
                scheme_id=person.scheme_id,
                level=vetting_level,
                certificate_date=today - timedelta(days=400),
                recheck_due=today + timedelta(days=recheck_days_left),
                recorded_by_id=person.id,
            )
        )
    if supervised_days_ago is not None:
        db.session.add(
            SupervisionSession(
                mentor_id=person.id,
                supervisor_id=person.id,
                held_on=today - timedelta(days=supervised_days_ago),
                wellbeing="Doing well; talked about boundaries with a new mentee.",
            )
        )
    db.session.commit()
    return cert


def make_mentee(
    scheme: Scheme,
    reference: str = "M-001",
    *,
    created_by: Person | None = None,
    **fields,
):
    """A mentee of ``scheme`` (an adult in Leeds needing housing help unless ``fields`` say
    otherwise), recorded by ``created_by`` or the scheme's first coordinator (made if none)."""
    from sqlalchemy import select

    from lms.accounts.models import PersonRole
    from lms.matching.models import Mentee

    if created_by is None:
        created_by = db.session.scalars(
            select(Person)
            .join(PersonRole, PersonRole.person_id == Person.id)
            .where(Person.scheme_id == scheme.id, PersonRole.role == Role.COORDINATOR)
            .order_by(Person.id)
        ).first() or make_person(
            f"coordinator-{scheme.slug}@example.org", "Cat Coordinator", [Role.COORDINATOR], scheme
        )
    values = {"area": "Leeds", "needs": ["housing"], "languages": ["English"], **fields}
    mentee = Mentee(scheme_id=scheme.id, reference=reference, created_by_id=created_by.id, **values)
    db.session.add(mentee)
    db.session.commit()
    return mentee


def make_match(mentor: Person, mentee, status: str = "active", created_by: Person | None = None):
    """A match row in ``status`` straight into the database (no gate): for page tests that need
    an existing match, not for testing whether one may be made."""
    from lms.db import utcnow
    from lms.matching.models import Match

    now = utcnow()
    match = Match(
        scheme_id=mentee.scheme_id,
        mentor_id=mentor.id,
        mentee_id=mentee.id,
        status=status,
        created_by_id=(created_by or mentor).id,
        activated_at=now if status in ("active", "paused") else None,
        paused_at=now if status == "paused" else None,
        paused_reason="Certificate suspended" if status == "paused" else None,
    )
    db.session.add(match)
    db.session.commit()
    return match
