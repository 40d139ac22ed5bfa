"""The gate's two sides agree: for generated mentors and mentees, the SQL screening gives every
mentor the same reason codes as the Python gate (so the same pass or fail and the same kinds).

Each example builds two schemes of mentors whose certificates, DBS checks, supervision, profile,
load and conflicts sit on or next to each rule's boundary, then screens every mentee against
both schemes (a mentee's own scheme and another one) and compares mentor by mentor.
"""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from lms.accounts.models import Person, Scheme
from lms.certificates.models import Certificate, CertificateDefinition
from lms.extensions import db
from lms.matching.gate import KIND_OF_CODE, check_many, screening
from lms.matching.matches.services import mentors_of
from lms.matching.models import (
    ACTIVE,
    CONFLICT_KINDS,
    ENDED,
    GENDERS,
    PAUSED,
    PROPOSED,
    DeclaredConflict,
    Match,
    Mentee,
    MentorProfile,
    SupervisionSession,
)
from lms.vetting.models import LEVEL_ORDER, VettingCheck
from tests.factories import make_definition

TODAY = date(2026, 3, 10)
INTERVAL_WEEKS = 6
CUTOFF = INTERVAL_WEEKS * 7
COMPETENCES = ("peer-mentoring", "mentor-under-18s")
_serial = itertools.count(1)

# Days relative to today, clustered on the boundaries the rules test.
near = st.sampled_from([-CUTOFF - 1, -CUTOFF, -CUTOFF + 1, -1, 0, 1]) | st.integers(-800, 800)
renewal = st.sampled_from([-60, -59, 59, 60, 61])  # the renewal window's edges (60 days)

certificates = st.lists(
    st.fixed_dictionaries(
        {
            "competences": st.lists(st.sampled_from(COMPETENCES), unique=True, max_size=2),
            "valid_from": near,
            "valid_until": near | renewal,
            "state": st.sampled_from(
                ["current", "current", "suspended", "revoked", "revoked_current", "superseded"]
            ),
            "review": st.booleans(),
        }
    ),
    max_size=3,
)
mentors = st.fixed_dictionaries(
    {
        "other_scheme": st.booleans(),
        "active": st.booleans() | st.just(True),
        "certificates": certificates,
        "checks": st.lists(
            st.tuples(st.sampled_from(LEVEL_ORDER), near, st.sampled_from([0, 365, 1095])),
            max_size=2,
        ),
        "sessions": st.lists(near.filter(lambda d: d <= 0), max_size=2),
        "profile": st.none()
        | st.tuples(st.booleans(), st.integers(0, 3), st.sampled_from(list(GENDERS))),
        "matches": st.lists(st.sampled_from([PROPOSED, ACTIVE, PAUSED, ENDED]), max_size=3),
        "conflicts": st.lists(st.sampled_from(list(CONFLICT_KINDS)), unique=True, max_size=2),
    }
)
mentees = st.fixed_dictionaries(
    {
        "under_18": st.booleans(),
        "gender_preference": st.sampled_from(["none", "woman", "man"]),
        "mappa_level": st.none() | st.sampled_from([1, 2, 3]),
        "high_risk": st.booleans(),
        "probation_agreed": st.booleans(),
    }
)


def _person(scheme: Scheme, name: str, active: bool = True) -> Person:
    n = next(_serial)
    email = f"gen{n}@agree.example"
    person = Person(email=email, email_key=email, name=name, scheme_id=scheme.id, active=active)
    db.session.add(person)
    return person


def _day(offset: int) -> date:
    return TODAY + timedelta(days=offset)


def _at(offset: int) -> datetime:
    return datetime.combine(_day(offset), datetime.min.time(), UTC)


def _certificate(person: Person, definition: CertificateDefinition, i: int, spec: dict) -> None:
    valid_from = spec["valid_from"]
    valid_until = max(spec["valid_until"], valid_from + 1)
    state = spec["state"]
    n = next(_serial)
    db.session.add(
        Certificate(
            number=f"PM-G{n:06d}",
            person_id=person.id,
            scheme_id=person.scheme_id,
            definition_id=definition.id,
            definition_slug=f"slug-{i}",  # one current certificate per slug
            holder_name=person.name,
            competences=list(spec["competences"]),
            module_hashes={},
            issued_by_id=person.id,
            valid_from=_day(valid_from),
            valid_until=_day(valid_until),
            current=state in ("current", "suspended", "revoked_current"),
            superseded_at=_at(-1) if state == "superseded" else None,
            suspended_at=_at(-2) if state == "suspended" else None,
            review_date=_day(30) if state == "suspended" and spec["review"] else None,
            revoked_at=_at(-3) if state.startswith("revoked") else None,
            reminders_sent=[],
            pdf=b"%PDF-test",
            pdf_sha256="0" * 64,
        )
    )


def _mentor(spec: dict, schemes, definition, fillers, examined, coordinator) -> None:
    scheme = schemes[1] if spec["other_scheme"] else schemes[0]
    person = _person(scheme, f"Mentor {next(_serial)}", spec["active"])
    db.session.flush()
    for i, cert in enumerate(spec["certificates"]):
        _certificate(person, definition, i, cert)
    for level, due, gap in spec["checks"]:
        db.session.add(
            VettingCheck(
                person_id=person.id,
                scheme_id=scheme.id,
                level=level,
                certificate_date=_day(due - gap),  # on a tie the later row is the latest
                recheck_due=_day(due),
                recorded_by_id=coordinator.id,
            )
        )
    for held in spec["sessions"]:
        db.session.add(
            SupervisionSession(
                mentor_id=person.id, supervisor_id=coordinator.id, held_on=_day(held), wellbeing=""
            )
        )
    if spec["profile"] is not None:
        available, capacity, gender = spec["profile"]
        db.session.add(
            MentorProfile(
                person_id=person.id, available=available, capacity=capacity, gender=gender
            )
        )
    for status, mentee in zip(spec["matches"], fillers[scheme.id], strict=False):
        db.session.add(
            Match(
                scheme_id=scheme.id,
                mentor_id=person.id,
                mentee_id=mentee.id,
                status=status,
                created_by_id=coordinator.id,
            )
        )
    for kind in spec["conflicts"]:
        db.session.add(
            DeclaredConflict(
                mentor_id=person.id, mentee_id=examined.id, kind=kind, recorded_by_id=coordinator.id
            )
        )


def _build(mentor_specs, mentee_specs):
    """Two schemes of generated mentors and the generated mentees (of the first scheme)."""
    definition = db.session.scalars(select(CertificateDefinition)).first() or make_definition()
    schemes = []
    for _ in range(2):
        n = next(_serial)
        schemes.append(
            Scheme(slug=f"agree-{n}", name=f"Agree {n}", supervision_interval_weeks=INTERVAL_WEEKS)
        )
    db.session.add_all(schemes)
    db.session.flush()
    coordinator = _person(schemes[0], "Cat Coordinator")
    db.session.flush()

    def mentee(scheme, **fields):
        row = Mentee(
            scheme_id=scheme.id,
            reference=f"G-{next(_serial)}",
            created_by_id=coordinator.id,
            **fields,
        )
        db.session.add(row)
        return row

    fillers = {s.id: [mentee(s) for _ in range(3)] for s in schemes}
    examined = [mentee(schemes[0], **spec) for spec in mentee_specs]
    db.session.flush()
    for i, spec in enumerate(mentor_specs):
        _mentor(spec, schemes, definition, fillers, examined[i % len(examined)], coordinator)
    db.session.commit()
    return schemes, examined


def _compare(scheme: Scheme, mentee: Mentee, today: date) -> None:
    rows = {row.id: row for row in screening.screen(db.session, scheme.id, mentee, today)}
    listed = mentors_of(db.session, scheme.id)
    assert set(rows) == {m.id for m in listed}, "the same mentors are screened"
    blocked = []
    for result in check_many(db.session, listed, mentee, today):
        row = rows[result.mentor.id]
        assert row.codes == tuple(result.codes), (result.mentor.name, mentee.reference)
        assert row.passes == result.allowed
        assert row.kinds == tuple(
            dict.fromkeys(KIND_OF_CODE.get(c) for c in result.codes if c in KIND_OF_CODE)
        )
        assert row.load == result.load
        if not result.allowed:
            blocked.append(row)
    page = screening.screen_page(db.session, scheme.id, mentee, today, offset=0, limit=10_000)
    assert {r.id for r in page.passing} == {i for i, r in rows.items() if r.passes}
    assert [(r.id, r.codes) for r in sorted(page.blocked, key=lambda r: r.id)] == [
        (r.id, r.codes) for r in sorted(blocked, key=lambda r: r.id)
    ]
    assert page.blocked_total == len(blocked)
    assert page.blocked_by_kind == screening.counts_by_kind(blocked)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    mentor_specs=st.lists(mentors, min_size=6, max_size=14),
    mentee_specs=st.lists(mentees, min_size=1, max_size=3),
    shift=st.sampled_from([0, 1]),
)
def test_the_sql_screening_gives_every_mentor_the_python_gates_reasons(
    app, mentor_specs, mentee_specs, shift
):
    """Same codes, pass or fail, kinds, load and per-kind totals, in both schemes, on two days."""
    schemes, examined = _build(mentor_specs, mentee_specs)
    for mentee in examined:
        for scheme in schemes:
            _compare(scheme, mentee, TODAY + timedelta(days=shift))
