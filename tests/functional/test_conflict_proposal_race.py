"""A conflict declared while a coordinator proposes the same pair's match (PostgreSQL threads):
the end is no match (the gate saw the conflict) or a paused one, never a live match beside it."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.models import Person, Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.matching.conflicts import services as conflicts
from lms.matching.matches import services as matches
from lms.matching.models import PAUSED, DeclaredConflict, Match, Mentee
from lms.ukdates import uk_today
from tests.factories import make_mentee, make_mentor, make_person
from tests.races import race


def _refused(exc) -> str:
    return getattr(exc, "code", None) or type(exc).__name__


def _propose(coordinator_id: int, mentor_id: int, mentee_id: int):
    def job() -> None:
        coordinator = db.session.get(Person, coordinator_id)
        mentor = db.session.get(Person, mentor_id)
        mentee = db.session.get(Mentee, mentee_id)
        matches.propose_match(db.session, coordinator, mentor, mentee, uk_today())

    return job


def _declare(coordinator_id: int, mentor_id: int, mentee_id: int):
    def job() -> None:
        coordinator = db.session.get(Person, coordinator_id)
        mentee = db.session.get(Mentee, mentee_id)
        conflicts.add_conflict(db.session, coordinator, mentee, mentor_id, "co_defendant")

    return job


def _actions(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


@pytest.mark.postgres_only(reason="row locks: SQLite serialises whole transactions")
@pytest.mark.parametrize("attempt", range(6))
def test_a_conflict_racing_a_proposal_never_leaves_a_live_match(app, people, attempt):
    """Whichever commits first: the proposal is refused by the gate (no match at all), or it
    is made and the declaration, waiting on the mentor's lock, reads it and pauses it."""
    scheme = people["coordinator"].scheme
    mentor = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], scheme)
    make_mentor(mentor, today=uk_today())
    second = make_person("c2@example.org", "Cal Second", [Role.COORDINATOR], scheme)
    mentee = make_mentee(scheme, f"LS-{attempt}")
    db.session.commit()
    ids = (people["coordinator"].id, second.id, mentor.id, mentee.id)
    outcomes = race(
        app,
        [_propose(ids[0], ids[2], ids[3]), _declare(ids[1], ids[2], ids[3])],
        _refused,
    )
    db.session.expire_all()
    assert sorted(outcomes) in (["not_eligible", "ok"], ["ok", "ok"])
    assert db.session.scalars(select(DeclaredConflict)).one().mentor_id == mentor.id
    made = list(db.session.scalars(select(Match).where(Match.mentee_id == ids[3])))
    if outcomes.count("ok") == 2:  # proposed first, then paused by the declaration
        assert [(m.status, m.paused_reason) for m in made] == [(PAUSED, conflicts.PAUSE_REASON)]
        assert len(_actions("match.proposed")) == 1
        paused = _actions("match.paused")
        assert [(e.subject_id, e.actor_id) for e in paused] == [(str(made[0].id), second.id)]
    else:  # the gate saw the conflict
        assert made == [] and _actions("match.proposed") == []
        assert _actions("match.paused") == []
