"""Demo scenario answers: one passed (second-marked, so a disagreement waits to be resolved),
one referred, one waiting to be marked, and one answered out loud and recorded by the trainer."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person, PersonRole, Role
from lms.assessment import oral, services
from lms.assessment.models import PHONE, ScenarioSubmission
from lms.ukdates import uk_today

PASSED_ANSWER = """I would not lend Dean the money, and I would not take the phone. Lending money
and taking gifts are both against the scheme's rules, however well we know each other. I would
also be honest that I have crossed boundaries already: I accepted his friend request and I never
told my coordinator that I knew him before.

A man who has been round to the house twice and is getting nasty could be threatening Dean. I
would tell the safeguarding lead about that today, and if Dean was in danger right now I would
tell him to call 999 first. I would not contact the lad or pay him.

I would tell my coordinator today about the money, the phone, my Facebook link with Dean and
that I knew him before. I would unfriend Dean and reply once: "I can't lend money, it's a rule
that keeps us both safe, and I can't keep this from the scheme, but I want to help you sort this
out. Let's talk on the scheme phone." When we meet, I would sit with him while he asks the
Jobcentre about an advance and rings for free debt advice, and I would keep supporting him."""

REFERRED_ANSWER = """I would tell her I will keep it between us because she trusts me and she
might stop talking to me if I tell anyone. I would ask her lots of questions to find out exactly
what is happening at the flat and who the men are, so I can decide whether it is serious enough to
report. If it gets worse I would go round there myself and tell them to leave her alone, because I
know how people like that operate and I am not scared of them. I would write it all down in my own
notebook at home so I remember the details, and I would mention it to my coordinator at our next
supervision in a few weeks if nothing has changed by then."""

WAITING_ANSWER = """First I would listen to Kelly properly and not rush her. I would let her say
how fed up she feels without telling her she is wrong. I would use open questions like "What has
been the hardest part this week?" and reflect back what she says so she knows I have heard her.

I would remind her of what she has already done, like getting to every probation appointment, so
she can see her own strengths. Then I would ask her what one small thing she wants to try before we
next meet, and let her choose it rather than me deciding for her. If she slips up, I would not give
up on her: setbacks are normal and we would look at what happened together. I would not do things
for her that she can do herself, but I would offer to go with her if she wants."""

RELEASE_DAY_ANSWER = """First I would stay with Marcus and tell him we will sort tonight out
together, step by step. Probation comes first, so we would get the train to his 2pm appointment
and ring them from the station to say the room has gone. I would say no kindly to the lift and to
staying at mine: "I can't, it's a rule that keeps us both safe, but I'll come with you on the
train."

I would ask him straight out if he is thinking about suicide. Whatever he says, I would tell the
safeguarding lead today, and call 999 first if he said he would act now. After probation we would
go to the council's housing team together, and he would make his Universal Credit claim and ask
about an advance. We would find a chemist and a GP before his tablets run out. I would tell my
coordinator today that the plan fell through."""

ORAL_NOTES = """Tasha said straight away that she would not swear to keep it secret, and that she
would remind Lee kindly of what they agreed at the first meeting. She would ask him directly
whether he is thinking of ending his life. She said saving up his tablets and talking about not
being here is a risk to his life, so she would tell the safeguarding lead that day, and ring 999
if he said he would take them now. She would stay with him for the coffee, listen calmly, say she
is worried and why, tell him who she will speak to and mention his GP and a crisis line. She would
leave any sharing with probation to the safeguarding lead. To the man in the street she would say
she cannot talk about anyone she may or may not support. She would write it up that evening in the
scheme's system: date, place, Lee's words in quotes, who she told and when."""

DEMO_ANSWERS = [
    ("boundaries-dean-asks-a-favour", PASSED_ANSWER, "pass"),
    ("safeguarding-gary-flat", REFERRED_ANSWER, "refer"),
    ("helping-kelly-gives-up", WAITING_ANSWER, None),
    ("justice-release-day", RELEASE_DAY_ANSWER, None),
]
ORAL_SCENARIO = "confidentiality-promise-and-risk"


def _unwrap(text: str) -> str:
    """Join the lines of each paragraph, as a trainee would have typed them."""
    return re.sub(r"(?<!\n)\n(?!\n)", " ", text)


def seed_assessment(session: Session, trainee: Person, trainer: Person) -> None:
    """Give the demo trainee a passed, a referred and a waiting answer (once only)."""
    already = session.scalars(
        select(ScenarioSubmission.id).where(ScenarioSubmission.person_id == trainee.id)
    ).first()
    if already is not None:
        return
    settings = services.Settings()
    by_key = {s.key: (module, s) for module, s in services.current_scenarios(session)}
    for key, text, outcome in DEMO_ANSWERS:
        if key not in by_key:
            continue
        module, scenario = by_key[key]
        submission = services.save_answer(
            session, trainee, scenario, module, _unwrap(text), submit=True, settings=settings
        )
        if outcome is None:
            continue
        services.claim(session, trainer, submission, settings)
        met = [outcome == "pass"] * len(scenario.rubric)
        marks = [services.CriterionMark(m, "" if m else "Not covered.") for m in met]
        feedback = (
            "A clear, honest answer. You kept the boundary and kept supporting Dean."
            if outcome == "pass"
            else "Never promise to keep a safeguarding concern secret, never investigate or "
            "confront anyone, and report it to the safeguarding lead the same day. "
            "Read the safeguarding lessons again, then try again."
        )
        services.mark(session, trainer, submission, marks, outcome, feedback)
    seed_oral_and_disagreement(session, trainee, trainer)


def seed_oral_and_disagreement(session: Session, trainee: Person, trainer: Person) -> None:
    """An oral answer the trainer recorded (confidentiality, by phone, a pass), and the demo
    admin's second mark of the boundaries pass as a refer, so a disagreement waits to be
    resolved."""
    settings = services.Settings()
    by_key = {s.key: (module, s) for module, s in services.current_scenarios(session)}
    if ORAL_SCENARIO in by_key:
        module, scenario = by_key[ORAL_SCENARIO]
        answer = oral.OralAnswer(PHONE, uk_today(), _unwrap(ORAL_NOTES))
        marks = [services.CriterionMark(True, "") for _ in scenario.rubric]
        oral.record_oral(
            session,
            trainer,
            trainee,
            scenario,
            module,
            answer,
            marks,
            "pass",
            "A careful, honest answer, given clearly over the phone.",
            settings=settings,
        )
    admin = session.scalars(
        select(Person)
        .join(PersonRole, PersonRole.person_id == Person.id)
        .where(PersonRole.role == Role.ADMIN.value, Person.scheme_id == trainee.scheme_id)
        .order_by(Person.id)
    ).first()
    passed = session.scalars(
        select(ScenarioSubmission)
        .where(ScenarioSubmission.person_id == trainee.id, ScenarioSubmission.outcome == "pass")
        .order_by(ScenarioSubmission.id)
    ).first()
    if admin is None or passed is None or passed.mode != "written":
        return
    ids = [item.get("id") for item in passed.scenario.rubric]
    doubt = ids.index("no-secret-from-scheme") if "no-secret-from-scheme" in ids else 1
    marks = [
        services.CriterionMark(i != doubt, "" if i != doubt else "Not clear enough.")
        for i in range(len(ids))
    ]
    services.second_mark(
        session,
        admin,
        passed,
        marks,
        "refer",
        "I am not sure the answer says plainly enough that Dean's request cannot be kept from "
        "the scheme.",
    )
