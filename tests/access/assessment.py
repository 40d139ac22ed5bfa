"""Authorisation matrix rows for scenario answers and marking."""

from __future__ import annotations

from tests.access import ADMIN, TRAINEE, TRAINER

MARKERS = (TRAINER, ADMIN)

# (endpoint, method, path template, roles allowed); placeholders come from objects() below.
ROWS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("assessment.index", "GET", "/assessment/", (TRAINEE,)),
    ("assessment.answer", "GET", "/assessment/{module}/{scenario}", (TRAINEE,)),
    ("assessment.answer", "POST", "/assessment/{module}/{scenario}", (TRAINEE,)),
    ("assessment.save_draft", "POST", "/assessment/{module}/{scenario}/draft", (TRAINEE,)),
    ("assessment.queue", "GET", "/assessment/queue", MARKERS),
    ("assessment.claim", "POST", "/assessment/submissions/{submission}/claim", MARKERS),
    ("assessment.release", "POST", "/assessment/submissions/{submission}/release", MARKERS),
    ("assessment.mark", "GET", "/assessment/submissions/{submission}/mark", MARKERS),
    ("assessment.mark", "POST", "/assessment/submissions/{submission}/mark", MARKERS),
    ("assessment.submission", "GET", "/assessment/submissions/{submission}", MARKERS),
    ("assessment.second_marking", "GET", "/assessment/second-marking", (ADMIN,)),
    ("assessment.second_mark", "GET", "/assessment/submissions/{submission}/second-mark", (ADMIN,)),
    (
        "assessment.second_mark",
        "POST",
        "/assessment/submissions/{submission}/second-mark",
        (ADMIN,),
    ),
    ("assessment.resolve", "GET", "/assessment/submissions/{submission}/resolve", (ADMIN,)),
    ("assessment.resolve", "POST", "/assessment/submissions/{submission}/resolve", (ADMIN,)),
    ("assessment.oral_choose", "GET", "/assessment/oral", MARKERS),
    ("assessment.oral_record", "GET", "/assessment/oral/{trainee}/{module}/{scenario}", MARKERS),
    ("assessment.oral_record", "POST", "/assessment/oral/{trainee}/{module}/{scenario}", MARKERS),
]


def objects(people) -> dict[str, object]:
    """A scenario on the "sample" module and one submitted answer by the trainee (so an oral
    answer for them is refused with a reason, and resolving it with a flash: both pages open)."""
    from lms.assessment import services
    from lms.content.models import Module, ScenarioAssessment
    from lms.extensions import db
    from tests.factories import make_module

    module = db.session.scalars(db.select(Module).where(Module.slug == "sample")).first()
    module = module or make_module("sample")
    scenario = ScenarioAssessment(
        module_version_id=module.current_version_id,
        key="case",
        title="A case",
        situation="Something happens.",
        task="What would you do?",
        min_words=1,
        rubric=[{"id": "a", "criterion": "A", "met": "Does A.", "not_met": "Does not do A."}] * 3,
    )
    db.session.add(scenario)
    db.session.flush()
    submission = services.save_answer(
        db.session,
        people["trainee"],
        scenario,
        module,
        "My answer.",
        submit=True,
        settings=services.Settings(),
    )
    db.session.commit()
    return {
        "module": module.slug,
        "scenario": scenario.key,
        "submission": submission.id,
        "trainee": people["trainee"].id,
    }
