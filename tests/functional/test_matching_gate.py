"""The matching gate: every reason from a real setup, gone when fixed; bulk checks in fixed SQL."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import event, select

from lms.accounts.models import Person, Role
from lms.certificates import services as certificates
from lms.certificates.models import Certificate
from lms.db import utcnow
from lms.extensions import db
from lms.matching import gate
from lms.matching.matches import services
from lms.matching.models import DeclaredConflict, Mentee, MentorProfile, SupervisionSession
from tests.factories import make_mentee, make_mentor, make_person, make_scheme, record_vetting

TODAY = date(2026, 11, 28)


@dataclass
class World:
    """A mentor, their certificate and a mentee in the demo scheme, plus the demo people."""

    people: dict
    mentor: Person
    cert: Certificate
    mentee: Mentee

    def codes(self) -> list[str]:
        return gate.check(db.session, self.mentor, self.mentee, TODAY).codes

    def profile(self) -> MentorProfile:
        query = select(MentorProfile).where(MentorProfile.person_id == self.mentor.id)
        return db.session.scalars(query).one()


def _world(people, **mentor) -> World:
    person = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], people["trainee"].scheme)
    cert = make_mentor(person, today=TODAY, **mentor) if mentor.pop("make", True) else None
    return World(people, person, cert, make_mentee(people["trainee"].scheme))


def _supersede(cert: Certificate) -> None:
    cert.current = False
    cert.superseded_at = utcnow()
    db.session.commit()


# Each case: how to build the world, how to break it, the one code expected, and how to fix it.
Case = tuple[dict, Callable[[World], None], str, Callable[[World], None]]


def _nothing(world: World) -> None:
    return None


def _withdraw(w: World) -> None:
    """A certificate recorded against the wrong person is taken off their record."""
    db.session.delete(w.cert)
    db.session.commit()


def _issue(w: World) -> None:
    make_mentor(w.mentor, today=TODAY, issued_days_ago=0, vetting_level=None)


def _expire(w: World) -> None:
    w.cert.valid_until = TODAY - timedelta(days=1)
    db.session.commit()


def _renew(w: World) -> None:
    _supersede(w.cert)
    make_mentor(w.mentor, today=TODAY, issued_days_ago=0, vetting_level=None)


def _suspend(w: World) -> None:
    coordinator = w.people["coordinator"]
    certificates.suspend(db.session, coordinator, w.cert, "A concern", TODAY, today=TODAY)
    db.session.commit()


def _reinstate(w: World) -> None:
    certificates.reinstate(db.session, w.people["coordinator"], w.cert, "Concern resolved")
    db.session.commit()


def _revoke(w: World) -> None:
    proposal = certificates.propose_revocation(
        db.session, w.people["coordinator"], w.cert, "Serious breach"
    )
    certificates.decide_revocation(
        db.session, w.people["admin"], proposal, approve=True, note="Agreed"
    )
    db.session.commit()


def _under_18(w: World) -> None:
    w.mentee.under_18 = True
    db.session.commit()


def _add_children_certificate(w: World) -> None:
    make_mentor(
        w.mentor,
        today=TODAY,
        competences=("mentor-under-18s",),
        slug="under-18s",
        vetting_level=None,
    )


def _womens_pathway(w: World) -> None:
    w.mentee.womens_pathway = True
    db.session.commit()


def _add_women_certificate(w: World) -> None:
    make_mentor(
        w.mentor, today=TODAY, competences=("mentor-women",), slug="women", vetting_level=None
    )


def _record_vetting(w: World) -> None:
    check = record_vetting(w.mentor, w.people["coordinator"], level="enhanced_barred")
    check.certificate_date = TODAY
    db.session.commit()


def _supervise(w: World) -> None:
    db.session.add(
        SupervisionSession(
            mentor_id=w.mentor.id,
            supervisor_id=w.people["trainer"].id,
            held_on=TODAY - timedelta(days=1),
            wellbeing="Fine.",
        )
    )
    db.session.commit()


def _unavailable(w: World) -> None:
    w.profile().available = False
    db.session.commit()


def _available(w: World) -> None:
    w.profile().available = True
    db.session.commit()


def _fill(w: World) -> None:
    other = make_mentee(w.mentor.scheme, "M-OTHER")
    services.propose_match(db.session, w.people["coordinator"], w.mentor, other, TODAY)
    db.session.commit()


def _raise_capacity(w: World) -> None:
    w.profile().capacity = 2
    db.session.commit()


def _conflict(w: World) -> None:
    db.session.add(
        DeclaredConflict(
            mentor_id=w.mentor.id,
            mentee_id=w.mentee.id,
            kind="co_defendant",
            recorded_by_id=w.people["coordinator"].id,
        )
    )
    db.session.commit()


def _remove_conflict(w: World) -> None:
    for conflict in db.session.scalars(select(DeclaredConflict)):
        db.session.delete(conflict)
    db.session.commit()


def _wants_man(w: World) -> None:
    w.mentee.gender_preference = "man"
    db.session.commit()


def _wants_woman(w: World) -> None:
    w.mentee.gender_preference = "woman"
    db.session.commit()


def _mappa(w: World) -> None:
    w.mentee.mappa_level = 2
    db.session.commit()


def _high_risk(w: World) -> None:
    w.mentee.high_risk = True
    db.session.commit()


def _probation_agrees(w: World) -> None:
    w.mentee.probation_agreed = True
    db.session.commit()


def _move_mentor(w: World) -> None:
    w.mentor.scheme_id = make_scheme("other", "Other Scheme").id
    db.session.commit()


def _move_back(w: World) -> None:
    w.mentor.scheme_id = w.mentee.scheme_id
    db.session.commit()


CASES: dict[str, Case] = {
    "no_certificate": ({}, _withdraw, "no_certificate", _issue),
    "certificate_expired": ({}, _expire, "certificate_expired", _renew),
    "certificate_suspended": ({}, _suspend, "certificate_suspended", _reinstate),
    "certificate_revoked": ({}, _revoke, "certificate_revoked", _issue),
    "missing_competence": ({}, _under_18, "missing_competence", _add_children_certificate),
    "missing_womens_pathway": ({}, _womens_pathway, "missing_competence", _add_women_certificate),
    "vetting_missing": ({"vetting_level": None}, _nothing, "vetting_missing", _record_vetting),
    "vetting_level_for_under_18s": (
        {"vetting_level": "enhanced", "competences": ("peer-mentoring", "mentor-under-18s")},
        _under_18,
        "vetting_missing",
        _record_vetting,
    ),
    "vetting_recheck_due": (
        {"recheck_days_left": -1},
        _nothing,
        "vetting_recheck_due",
        _record_vetting,
    ),
    "supervision_overdue": (
        {"supervised_days_ago": 43},
        _nothing,
        "supervision_overdue",
        _supervise,
    ),
    "supervision_never_since_issue": (
        {"supervised_days_ago": None, "issued_days_ago": 60},
        _nothing,
        "supervision_overdue",
        _supervise,
    ),
    "unavailable": ({}, _unavailable, "unavailable", _available),
    "at_capacity": ({"capacity": 1}, _fill, "at_capacity", _raise_capacity),
    "conflict_declared": ({}, _conflict, "conflict_declared", _remove_conflict),
    "gender_preference": ({"gender": "woman"}, _wants_man, "gender_preference", _wants_woman),
    "probation_mappa": ({}, _mappa, "probation_agreement_missing", _probation_agrees),
    "probation_high_risk": ({}, _high_risk, "probation_agreement_missing", _probation_agrees),
    "other_scheme": ({}, _move_mentor, "other_scheme", _move_back),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_reason_appears_and_goes_when_fixed(people, name):
    """Each gate reason is produced by a realistic record and disappears once it is put right."""
    built, brk, code, fix = CASES[name]
    world = _world(people, **dict(built))
    if brk is not _nothing:
        assert world.codes() == [], "the starting point is matchable"
    brk(world)
    result = gate.check(db.session, world.mentor, world.mentee, TODAY)
    assert result.codes == [code]
    assert not result.allowed
    message = result.reasons[0].message
    assert message.endswith(".") and len(message) > 30
    fix(world)
    assert world.codes() == [], f"{code} should be gone once fixed"


def test_a_mentor_blocked_for_many_reasons_is_told_every_one(people):
    """The gate never stops at the first reason: every one is listed, in a stable order."""
    world = _world(
        people,
        valid_days_left=-1,
        vetting_level=None,
        supervised_days_ago=60,
        available=False,
        gender="man",
    )
    world.mentee.gender_preference = "woman"
    world.mentee.high_risk = True
    db.session.commit()
    _conflict(world)
    assert world.codes() == [
        "certificate_expired",
        "vetting_missing",
        "supervision_overdue",
        "unavailable",
        "conflict_declared",
        "gender_preference",
        "probation_agreement_missing",
    ]


def test_no_certificate_at_all_is_one_reason(people):
    """Someone with no certificate is told that, not also every competence it would carry."""
    world = _world(people, make=False)
    world.mentee.under_18 = True
    db.session.commit()
    assert world.codes() == ["no_certificate", "vetting_missing", "unavailable"]


def test_the_scheme_sets_the_supervision_interval(people):
    """Supervision 7 weeks ago is overdue at 6 weeks and fine at 8."""
    world = _world(people, supervised_days_ago=49)
    assert world.codes() == ["supervision_overdue"]
    world.mentor.scheme.supervision_interval_weeks = 8
    db.session.commit()
    assert world.codes() == []


def test_a_new_certificate_is_not_yet_due_supervision(people):
    """Supervision counts from the certificate's issue when there has been none since."""
    world = _world(people, supervised_days_ago=None, issued_days_ago=10)
    assert world.codes() == []
    db.session.add(
        SupervisionSession(
            mentor_id=world.mentor.id,
            supervisor_id=world.people["trainer"].id,
            held_on=TODAY - timedelta(days=200),
            wellbeing="Before accreditation.",
        )
    )
    db.session.commit()
    assert world.codes() == []


def test_a_stopped_certificate_is_named_only_when_it_matters(people):
    """A suspended add-on blocks only mentees who need it; the valid core still covers adults."""
    world = _world(people)
    extra = make_mentor(
        world.mentor, today=TODAY, competences=("mentor-under-18s",), slug="u18", vetting_level=None
    )
    certificates.suspend(db.session, people["coordinator"], extra, "Concern", TODAY, today=TODAY)
    db.session.commit()
    assert world.codes() == []
    _under_18(world)
    assert world.codes() == ["certificate_suspended"]


def test_an_expiring_certificate_still_allows_matching(people):
    """In the renewal window a certificate still allows practice."""
    world = _world(people, valid_days_left=10)
    assert world.codes() == []
    assert gate.check(db.session, world.mentor, world.mentee, TODAY + timedelta(days=11)).codes == [
        "certificate_expired"
    ]


def test_ignore_match_id_leaves_that_match_out_of_the_load(people):
    """Activating the match that holds the last place does not count it against itself."""
    world = _world(people, capacity=1)
    match = services.propose_match(
        db.session, people["coordinator"], world.mentor, world.mentee, TODAY
    )
    db.session.commit()
    assert gate.check(db.session, world.mentor, world.mentee, TODAY).codes == ["at_capacity"]
    assert gate.check(
        db.session, world.mentor, world.mentee, TODAY, ignore_match_id=match.id
    ).allowed


def test_required_competences_depend_on_age():
    """Every mentee needs peer mentoring; under-18s also need the children competence."""
    assert gate.required_competences(Mentee(under_18=False)) == ["peer-mentoring"]
    assert gate.required_competences(Mentee(under_18=True)) == [
        "peer-mentoring",
        "mentor-under-18s",
    ]
    assert gate.required_competences(Mentee(under_18=False, womens_pathway=True)) == [
        "peer-mentoring",
        "mentor-women",
    ]


def _many_mentors(scheme, count: int, start: int) -> list[Person]:
    kinds = [
        {},
        {"valid_days_left": -1},
        {"vetting_level": None},
        {"supervised_days_ago": 90},
        {"available": False},
        {"capacity": 0},
        {"gender": "man"},
    ]
    made = []
    for i in range(start, start + count):
        person = make_person(f"m{i}@example.org", f"Mentor {i:03d}", [Role.TRAINEE], scheme, None)
        make_mentor(person, today=TODAY, **kinds[i % len(kinds)])
        made.append(person.id)
    return list(db.session.scalars(select(Person).where(Person.id.in_(made))))


def test_check_and_check_many_agree(people):
    """One mentor at a time or many at once, the answers are the same."""
    scheme = people["trainee"].scheme
    mentee = make_mentee(scheme, gender_preference="woman")
    mentors = _many_mentors(scheme, 14, 0)
    many = gate.check_many(db.session, mentors, mentee, TODAY)
    assert [r.mentor.id for r in many] == [m.id for m in mentors]
    assert {tuple(r.codes) for r in many} >= {(), ("certificate_expired",), ("gender_preference",)}
    for mentor, bulk in zip(mentors, many, strict=True):
        single = gate.check(db.session, mentor, mentee, TODAY)
        assert single.reasons == bulk.reasons
        assert single.allowed == bulk.allowed


def _statements(mentors, mentee) -> int:
    seen = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    db.session.expire_all()
    fresh = list(db.session.scalars(select(Person).where(Person.id.in_([m.id for m in mentors]))))
    db.session.get(Mentee, mentee.id)
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        gate.check_many(db.session, fresh, db.session.get(Mentee, mentee.id), TODAY)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    return len(seen)


def test_check_many_uses_a_fixed_number_of_queries(people):
    """Three mentors or thirty, with histories, check_many issues the same number of statements."""
    scheme = people["trainee"].scheme
    mentee = make_mentee(scheme)
    few = _many_mentors(scheme, 3, 0)
    many = few + _many_mentors(scheme, 27, 3)
    for person in many[:5]:  # longer histories must not mean more queries
        make_mentor(person, today=TODAY, slug="second", vetting_level="enhanced")
    assert _statements(few, mentee) == _statements(many, mentee) <= 8
