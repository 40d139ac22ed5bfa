"""Declaring a conflict against a mentee's current mentor pauses their match at once: audited,
the mentor and the coordinators told without the detail, and never left active by a race."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from lms.accounts.models import Person, Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.matching.conflicts import services as conflicts
from lms.matching.fields import RecordError
from lms.matching.matches import services as matches
from lms.matching.models import ACTIVE, ENDED, PAUSED, PROPOSED, DeclaredConflict, Match, Mentee
from lms.notifications.models import Notification
from lms.outbox.models import OutboxMessage
from lms.ukdates import uk_today
from tests.conftest import csrf_token
from tests.factories import make_mentee, make_mentor, make_person


def _mentor(people, email: str = "mo@example.org") -> Person:
    person = make_person(email, "Mo Mentor", [Role.TRAINEE], people["coordinator"].scheme)
    make_mentor(person, today=uk_today())
    return person


def _proposed(people, mentor: Person, reference: str) -> Match:
    mentee = make_mentee(mentor.scheme, reference)
    match = matches.propose_match(db.session, people["coordinator"], mentor, mentee, uk_today())
    db.session.commit()
    return match


def _active(people, mentor: Person, reference: str) -> Match:
    match = _proposed(people, mentor, reference)
    matches.activate(db.session, people["coordinator"], match, uk_today())
    db.session.commit()
    return match


def _audited(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _notes(person: Person) -> list[Notification]:
    return list(db.session.scalars(select(Notification).where(Notification.person_id == person.id)))


def test_a_conflict_pauses_the_active_match_audited_and_told_without_detail(people):
    mentor = _mentor(people)
    second = make_person("c2@example.org", "Cal Second", [Role.COORDINATOR], mentor.scheme)
    match = _active(people, mentor, "LS-1")
    before = {n.id for n in _notes(mentor)}
    sent_before = {e.id for e in db.session.scalars(select(OutboxMessage))}
    declared = conflicts.add_conflict(
        db.session, people["coordinator"], match.mentee, mentor.id, "victim"
    )
    db.session.commit()
    db.session.refresh(match)
    assert declared.paused == [match] and declared.already_paused is False
    assert match.status == PAUSED and match.paused_reason == conflicts.PAUSE_REASON
    paused = _audited("match.paused")
    assert len(paused) == 1 and paused[0].actor_id == people["coordinator"].id
    assert paused[0].subject_id == str(match.id) and paused[0].reason == conflicts.PAUSE_REASON
    assert len(_audited("conflict.declared")) == 1
    told = [n for n in _notes(mentor) if n.id not in before]
    assert [n.kind for n in told] == ["match-paused"]
    assert [n.kind for n in _notes(second)] == ["match-paused"]
    assert _notes(people["coordinator"]) == []  # who recorded it knows already
    emails = [
        e
        for e in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))
        if e.id not in sent_before
    ]
    # One email each to the mentor and the other coordinator; whoever recorded it gets none.
    assert sorted(e.person_id for e in emails) == sorted([mentor.id, second.id])
    emailed = [e.subject + "\n" + e.body for e in emails]
    for text in [n.text for n in told + _notes(second)] + emailed:
        assert "Victim" not in text and "victim" not in text and "conflict" not in text.lower()


def test_a_proposed_match_is_paused_too_and_other_matches_are_left_alone(people):
    mentor = _mentor(people)
    proposed = _proposed(people, mentor, "LS-1")
    other = _active(people, mentor, "LS-2")
    conflicts.add_conflict(db.session, people["coordinator"], proposed.mentee, mentor.id, "family")
    db.session.commit()
    db.session.refresh(proposed)
    db.session.refresh(other)
    assert proposed.status == PAUSED and proposed.activated_at is None
    assert other.status == ACTIVE
    # Resuming is refused by the gate while the conflict stands.
    with pytest.raises(matches.NotMatchable) as refused:
        matches.resume(db.session, people["coordinator"], proposed, uk_today())
    assert "conflict_declared" in [r.code for r in refused.value.reasons]


def test_an_ended_or_already_paused_match_is_not_paused_again(people):
    mentor = _mentor(people)
    ended = _active(people, mentor, "LS-1")
    matches.end_match(db.session, people["coordinator"], ended, "Moved away", "mentee")
    db.session.commit()
    conflicts.add_conflict(db.session, people["coordinator"], ended.mentee, mentor.id, "associate")
    db.session.commit()
    db.session.refresh(ended)
    assert ended.status == ENDED and _audited("match.paused") == []


def test_a_refused_conflict_leaves_the_match_active(people):
    mentor = _mentor(people)
    match = _active(people, mentor, "LS-1")
    conflicts.add_conflict(db.session, people["coordinator"], match.mentee, mentor.id, "family")
    db.session.commit()
    with pytest.raises(RecordError):
        conflicts.add_conflict(db.session, people["coordinator"], match.mentee, mentor.id, "family")
    db.session.rollback()
    assert len(_audited("match.paused")) == 1 and len(_audited("conflict.declared")) == 1
    with pytest.raises(RecordError):  # a trainee may not declare conflicts
        conflicts.add_conflict(db.session, people["trainee"], match.mentee, mentor.id, "victim")


def test_the_mentee_page_says_the_match_was_paused(client, login, people):
    mentor = _mentor(people)
    match = _active(people, mentor, "LS-1")
    login("coordinator")
    path = f"/matching/mentees/{match.mentee_id}"
    response = client.post(
        f"{path}/conflicts",
        data={
            "mentor_id": str(mentor.id),
            "kind": "co_defendant",
            "csrf_token": csrf_token(client, path),
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Their match has been paused" in page
    db.session.refresh(match)
    assert match.status == PAUSED
    coordinator_page = client.get(f"/matching/matches/{match.id}").get_data(as_text=True)
    assert conflicts.PAUSE_REASON in coordinator_page


def test_the_mentee_page_says_an_already_paused_match_stays_paused(client, login, people):
    """The message comes from what the declaration read under the lock: a match already paused
    is not paused again and the page says it stays paused."""
    mentor = _mentor(people)
    match = _active(people, mentor, "LS-1")
    matches.pause(db.session, people["coordinator"], match, "Mentee in hospital")
    db.session.commit()
    login("coordinator")
    path = f"/matching/mentees/{match.mentee_id}"
    data = {"mentor_id": str(mentor.id), "kind": "family", "csrf_token": csrf_token(client, path)}
    response = client.post(f"{path}/conflicts", data=data)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Their match was already paused and stays paused." in page
    assert "Their match has been paused" not in page
    assert len(_audited("match.paused")) == 1
    db.session.refresh(match)
    assert match.status == PAUSED and match.paused_reason == "Mentee in hospital"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"mentor_id": "99999", "kind": "family"}, "mentor_id", "Choose a mentor from your scheme"),
        ({"mentor_id": "someone", "kind": "family"}, "mentor_id", "Choose a mentor from your"),
        ({"kind": "cousin"}, "kind", "Choose what the conflict is"),
    ],
)
def test_a_mentor_or_kind_not_offered_gets_plain_words(client, login, people, data, field, message):
    """A mentor not in the list (another scheme's, a stale page) or a made-up kind is answered
    in plain words on the field, never WTForms' "Not a valid choice."."""
    mentor = _mentor(people)
    match = _active(people, mentor, "LS-1")
    login("coordinator")
    path = f"/matching/mentees/{match.mentee_id}"
    data = {"mentor_id": str(mentor.id), **data, "csrf_token": csrf_token(client, path)}
    page = client.post(f"{path}/conflicts", data=data).get_data(as_text=True)
    assert f'<a href="#{field}">{message}' in page and "Not a valid" not in page
    assert "Invalid Choice" not in page and db.session.scalars(select(DeclaredConflict)).all() == []


def test_no_get_declares_a_conflict(client, login, people):
    mentor = _mentor(people)
    match = _active(people, mentor, "LS-1")
    login("coordinator")
    assert client.get(f"/matching/mentees/{match.mentee_id}/conflicts").status_code == 405
    db.session.refresh(match)
    assert match.status == ACTIVE


def _activate_job(app, coordinator_id: int, match_id: int, barrier, outcomes: list[str]):
    def run() -> None:
        with app.app_context():
            coordinator = db.session.get(Person, coordinator_id)
            match = db.session.get(Match, match_id)
            assert match.status == PROPOSED  # read before the race
            barrier.wait()
            try:
                matches.activate(db.session, coordinator, match, uk_today())
                db.session.commit()
                outcomes.append("activated")
            except matches.MatchError:
                db.session.rollback()
                outcomes.append("refused")
            finally:
                db.session.remove()

    return run


def _conflict_job(app, coordinator_id: int, mentee_id: int, mentor_id: int, barrier, outcomes):
    def run() -> None:
        with app.app_context():
            coordinator = db.session.get(Person, coordinator_id)
            mentee = db.session.get(Mentee, mentee_id)
            barrier.wait()
            conflicts.add_conflict(db.session, coordinator, mentee, mentor_id, "co_defendant")
            db.session.commit()
            outcomes.append("declared")
            db.session.remove()

    return run


@pytest.mark.postgres_only(reason="row locks: SQLite serialises whole transactions")
@pytest.mark.parametrize("attempt", range(4))
def test_a_conflict_racing_an_activation_never_leaves_the_match_active(app, people, attempt):
    """A coordinator activates the match while another declares a conflict: whichever commits
    first, the match ends up paused (activated then paused) or refused (paused while still
    proposed), never active beside a conflict."""
    mentor = _mentor(people)
    second = make_person("c2@example.org", "Cal Second", [Role.COORDINATOR], mentor.scheme)
    match = _proposed(people, mentor, f"LS-{attempt}")
    ids = (people["coordinator"].id, second.id, match.id, match.mentee_id, mentor.id)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    jobs = [
        _activate_job(app, ids[0], ids[2], barrier, outcomes),
        _conflict_job(app, ids[1], ids[3], ids[4], barrier, outcomes),
    ]
    threads = [threading.Thread(target=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    db.session.expire_all()
    assert "declared" in outcomes and len(outcomes) == 2
    final = db.session.get(Match, ids[2])
    assert final.status == PAUSED
    assert db.session.scalars(select(DeclaredConflict)).one().mentor_id == mentor.id
    paused = _audited("match.paused")
    assert len(paused) == 1 and paused[0].actor_id == second.id
    if "activated" in outcomes:
        assert final.activated_at is not None and len(_audited("match.activated")) == 1
    else:
        assert final.activated_at is None and _audited("match.activated") == []


def test_a_match_already_paused_is_said_to_stay_paused_not_paused_now(client, login, people):
    mentor = _mentor(people)
    match = _active(people, mentor, "LS-1")
    matches.pause(db.session, people["coordinator"], match, "Mentee in hospital")
    db.session.commit()
    login("coordinator")
    path = f"/matching/mentees/{match.mentee_id}"
    response = client.post(
        f"{path}/conflicts",
        data={
            "mentor_id": str(mentor.id),
            "kind": "family",
            "csrf_token": csrf_token(client, path),
        },
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Their match was already paused and stays paused" in page
    assert "Their match has been paused" not in page
    assert len(_audited("match.paused")) == 1  # only the coordinator's own pause
