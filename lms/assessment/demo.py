"""Demo scenario answers: one passed, one referred, one waiting to be marked."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.assessment import services
from lms.assessment.models import ScenarioSubmission

PASSED_ANSWER = """I would not lend Dean the money, and I would not take the phone. Lending money
and taking gifts are both against the scheme's rules, however well we know each other. I would
also be
honest that I have crossed boundaries already: I accepted his friend request and I never told my
coordinator that I knew him before. I would tell my coordinator about all of this today.

I would message Dean to say I cannot lend money, and suggest we meet at our usual place to talk. I
would say it kindly: "I can't lend money, it's a rule that keeps us both safe, but I want to help
you sort this out." I would ask if he feels safe at home, because a man coming round and getting
nasty is a worry. If he is in danger I would tell him to call 999.

When we meet, I would help him look at other options, like asking the Jobcentre about an advance
or getting debt advice, and I would keep supporting him."""

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

DEMO_ANSWERS = [
    ("boundaries", PASSED_ANSWER, "pass"),
    ("safeguarding", REFERRED_ANSWER, "refer"),
    ("orientation-to-helping", WAITING_ANSWER, None),
]


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
    by_module = {module.slug: (module, s) for module, s in services.current_scenarios(session)}
    for slug, text, outcome in DEMO_ANSWERS:
        if slug not in by_module:
            continue
        module, scenario = by_module[slug]
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
