"""Two coordinators taking a mentor's last place at once: only one succeeds (PostgreSQL)."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Person, Role
from lms.extensions import db
from lms.matching.matches import services
from lms.matching.models import Match, Mentee
from tests.factories import make_mentee, make_mentor, make_person

TODAY = date(2026, 11, 28)


@pytest.mark.postgres_only
def test_two_proposals_for_the_last_place_make_one_match(app, people):
    """Both re-check the gate under a lock on the mentor; the second sees the first's match."""
    scheme = people["coordinator"].scheme
    mentor = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], scheme)
    make_mentor(mentor, today=TODAY, capacity=1)
    second = make_person("c2@example.org", "Cal Second", [Role.COORDINATOR], scheme)
    jobs = [
        (people["coordinator"].id, make_mentee(scheme, "M-ONE").id),
        (second.id, make_mentee(scheme, "M-TWO").id),
    ]
    mentor_id = mentor.id
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def propose(coordinator_id: int, mentee_id: int) -> None:
        with app.app_context():
            coordinator = db.session.get(Person, coordinator_id)
            chosen = db.session.get(Person, mentor_id)
            mentee = db.session.get(Mentee, mentee_id)
            barrier.wait()
            try:
                services.propose_match(db.session, coordinator, chosen, mentee, TODAY)
                db.session.commit()
                outcomes.append("matched")
            except services.NotMatchable as exc:
                db.session.rollback()
                outcomes.append(",".join(r.code for r in exc.reasons))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=propose, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["at_capacity", "matched"]
    assert db.session.scalar(select(func.count(Match.id))) == 1
