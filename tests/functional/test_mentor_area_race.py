"""Races in the mentor's area (PostgreSQL): the last place taken once, a match made active once."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Person, Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.matching.matches import services as matches
from lms.matching.mine import services
from lms.matching.models import ACTIVE, Match, Mentee
from lms.ukdates import uk_today
from tests.factories import make_mentee, make_mentor, make_person
from tests.races import race


def _outcome(exc) -> str:
    if isinstance(exc, matches.NotMatchable):
        return ",".join(r.code for r in exc.reasons)
    return exc.code or "refused"


def _race(app, jobs: list[Callable[[], None]]) -> list[str]:
    """Run each job in its own thread and app context at the same moment; collect outcomes."""
    return race(app, jobs, _outcome)


@pytest.mark.postgres_only
def test_two_proposals_for_the_last_place_then_accepting_both_makes_one_active(app, people):
    """Two coordinators propose the mentor's last place at once; the mentor then accepts every
    proposal at once (twice, with a coordinator activating too): exactly one match is active."""
    scheme = people["coordinator"].scheme
    mentor = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], scheme)
    make_mentor(mentor, today=uk_today(), capacity=1)
    second = make_person("c2@example.org", "Cal Second", [Role.COORDINATOR], scheme)
    mentor_id, second_id = mentor.id, second.id
    pairs = [
        (people["coordinator"].id, make_mentee(scheme, "M-ONE").id),
        (second.id, make_mentee(scheme, "M-TWO").id),
    ]

    def proposer(coordinator_id: int, mentee_id: int) -> Callable[[], None]:
        def job() -> None:
            matches.propose_match(
                db.session,
                db.session.get(Person, coordinator_id),
                db.session.get(Person, mentor_id),
                db.session.get(Mentee, mentee_id),
                uk_today(),
            )

        return job

    assert sorted(_race(app, [proposer(*pair) for pair in pairs])) == ["at_capacity", "ok"]
    proposed_ids = list(db.session.scalars(select(Match.id)))
    assert len(proposed_ids) == 1

    def accepter(match_id: int) -> Callable[[], None]:
        def job() -> None:
            match = db.session.get(Match, match_id)
            services.accept(db.session, db.session.get(Person, mentor_id), match, uk_today())

        return job

    def activator(match_id: int) -> Callable[[], None]:
        def job() -> None:
            match = db.session.get(Match, match_id)
            matches.activate(db.session, db.session.get(Person, second_id), match, uk_today())

        return job

    the_match = proposed_ids[0]
    outcomes = _race(app, [accepter(the_match), accepter(the_match), activator(the_match)])
    assert sorted(outcomes) == ["ok", "wrong_status", "wrong_status"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Match.id)).where(Match.status == ACTIVE)) == 1
    became_active = select(func.count(AuditEvent.id)).where(
        AuditEvent.action.in_(("match.accepted", "match.activated"))
    )
    assert db.session.scalar(became_active) == 1
