"""A mentor's load means one thing everywhere: a paused match holds a place in the gate, the
screening (so candidates and the dashboard) and the accreditation register alike."""

from __future__ import annotations

from lms.accounts.models import Role
from lms.extensions import db
from lms.matching.gate import check, screening
from lms.matching.register.services import REGISTER_HEADER, register_rows
from lms.ukdates import uk_today
from tests.factories import make_match, make_mentee, make_mentor, make_person


def test_the_register_and_the_gate_agree_on_load_for_a_mentor_with_a_paused_match(scheme):
    """A paused match fills a one-place mentor: the gate says at capacity, the register 1/1."""
    today = uk_today()
    coordinator = make_person("cora@example.org", "Cora Coordinator", [Role.COORDINATOR], scheme)
    mentor = make_person("mia@example.org", "Mia Mentor", [Role.TRAINEE], scheme)
    make_mentor(mentor, today=today, capacity=1)
    paused_with = make_mentee(scheme, "PAUSED-1", created_by=coordinator)
    make_match(mentor, paused_with, status="paused", created_by=coordinator)
    make_match(mentor, make_mentee(scheme, "ENDED-1", created_by=coordinator), status="ended")
    waiting = make_mentee(scheme, "NEXT-1", created_by=coordinator)
    db.session.commit()

    result = check(db.session, mentor, waiting, today)
    assert result.load == 1 and result.codes == ["at_capacity"]
    (row,) = screening.screen(db.session, scheme.id, waiting, today)
    assert row.load == 1 and row.kinds == ("at_capacity",)
    header, *rows = register_rows(db.session, scheme.id, today)
    load = header.index("Load")
    assert header == REGISTER_HEADER
    assert [cells[load] for cells in rows if cells[0] == "Mia Mentor"] == ["1/1"]


def test_a_mentor_of_another_scheme_never_passes_the_screening(scheme):
    """Screening one scheme's mentors against another scheme's mentee blocks every one of them
    (the gate's other_scheme), even a mentor with nothing else in the way."""
    from tests.factories import make_scheme

    today = uk_today()
    other = make_scheme("other", "Other Scheme")
    coordinator = make_person("cora@example.org", "Cora Coordinator", [Role.COORDINATOR], scheme)
    mentor = make_person("olu@example.org", "Olu Mentor", [Role.TRAINEE], other)
    make_mentor(mentor, today=today, capacity=2)
    mentee = make_mentee(scheme, "HERE-1", created_by=coordinator)
    db.session.commit()

    assert check(db.session, mentor, mentee, today).codes == ["other_scheme"]
    (row,) = screening.screen(db.session, other.id, mentee, today)
    assert row.codes == ("other_scheme",) and not row.passes
    page = screening.screen_page(db.session, other.id, mentee, today, offset=0, limit=10)
    assert page.passing == [] and [r.id for r in page.blocked] == [mentor.id]
    assert page.blocked_total == 1
