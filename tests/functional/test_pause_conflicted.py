"""``flask --app lms matching pause-conflicted``: matches left running beside a conflict declared
before declarations paused them are paused once (audited, the mentor and coordinators told
without the detail, by email through the outbox); a second run and clean matches are untouched."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.models import Person, Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.jobs import huey
from lms.matching.conflicts.earlier import EARLIER_REASON, nightly_conflict_check
from lms.matching.matches import services as matches
from lms.matching.models import ACTIVE, ENDED, PAUSED, PROPOSED, DeclaredConflict, Match
from lms.notifications.models import Notification
from lms.outbox.models import OutboxMessage
from lms.ukdates import uk_today
from tests.factories import make_mentee, make_mentor, make_person


def _mentor(people, email: str, name: str) -> Person:
    person = make_person(email, name, [Role.TRAINEE], people["coordinator"].scheme)
    make_mentor(person, today=uk_today())
    return person


def _match(people, mentor: Person, reference: str, *, active: bool) -> Match:
    mentee = make_mentee(mentor.scheme, reference)
    match = matches.propose_match(db.session, people["coordinator"], mentor, mentee, uk_today())
    if active:
        matches.activate(db.session, people["coordinator"], match, uk_today())
    db.session.commit()
    return match


def _declared_long_ago(people, match: Match, kind: str) -> None:
    """A conflict row as it was written before declaring one paused the match."""
    db.session.add(
        DeclaredConflict(
            mentor_id=match.mentor_id,
            mentee_id=match.mentee_id,
            kind=kind,
            recorded_by_id=people["coordinator"].id,
        )
    )
    db.session.commit()


def _pauses() -> list[AuditEvent]:
    stmt = select(AuditEvent).where(AuditEvent.action == "match.paused").order_by(AuditEvent.id)
    return list(db.session.scalars(stmt))


def _mail(person: Person) -> list[OutboxMessage]:
    stmt = select(OutboxMessage).where(OutboxMessage.person_id == person.id)
    return list(db.session.scalars(stmt.order_by(OutboxMessage.id)))


def _notes(person: Person) -> list[str]:
    stmt = select(Notification.kind).where(Notification.person_id == person.id)
    return list(db.session.scalars(stmt.order_by(Notification.id)))


def _world(people):
    """Two conflicted live matches (one active, one proposed), a clean match of the same mentor,
    a conflicted match already ended, and another mentor's clean match."""
    mo = _mentor(people, "mo@example.org", "Mo Mentor")
    ann = _mentor(people, "ann@example.org", "Ann Other")
    active = _match(people, mo, "LS-1", active=True)
    proposed = _match(people, ann, "LS-2", active=False)
    clean = _match(people, mo, "LS-3", active=True)
    ended = _match(people, ann, "LS-4", active=True)
    matches.end_match(db.session, people["coordinator"], ended, "Moved away", "mentee")
    db.session.commit()
    other = _match(people, ann, "LS-5", active=True)
    _declared_long_ago(people, active, "victim")
    _declared_long_ago(people, active, "family")  # two kinds: still one pause
    _declared_long_ago(people, proposed, "co_defendant")
    _declared_long_ago(people, ended, "associate")
    second = make_person("c2@example.org", "Cal Second", [Role.COORDINATOR], mo.scheme)
    return mo, ann, second, active, proposed, clean, ended, other


def test_pauses_exactly_the_live_matches_beside_a_conflict_audited_and_told(people, runner, outbox):
    mo, ann, second, active, proposed, clean, ended, other = _world(people)
    mail_before = {person.id: len(_mail(person)) for person in (mo, ann, second)}
    outbox.clear()
    result = runner.invoke(args=["matching", "pause-conflicted"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"Paused 2 matches: match {active.id} (Mo Mentor with LS-1), "
        f"match {proposed.id} (Ann Other with LS-2).\n"
    )
    db.session.expire_all()
    statuses = {m.id: db.session.get(Match, m.id).status for m in (active, proposed, clean)}
    assert statuses == {active.id: PAUSED, proposed.id: PAUSED, clean.id: ACTIVE}
    assert db.session.get(Match, ended.id).status == ENDED
    assert db.session.get(Match, other.id).status == ACTIVE
    assert db.session.get(Match, active.id).paused_reason == EARLIER_REASON
    assert db.session.get(Match, proposed.id).activated_at is None  # resumes as proposed
    pauses = _pauses()
    assert [(e.subject_id, e.actor_id, e.reason) for e in pauses] == [
        (str(active.id), None, EARLIER_REASON),
        (str(proposed.id), None, EARLIER_REASON),
    ]
    assert pauses[0].details == {"mentor_id": mo.id, "mentee_id": active.mentee_id}
    # Each mentor is told of their own pause; both coordinators of both, site and email.
    assert _notes(mo)[-1] == "match-paused" and _notes(ann)[-1] == "match-paused"
    assert _notes(second) == ["match-paused", "match-paused"]
    assert _notes(people["coordinator"]) == ["match-paused", "match-paused"]
    new_mail = {p.id: _mail(p)[mail_before[p.id] :] for p in (mo, ann, second)}
    assert [len(new_mail[p.id]) for p in (mo, ann, second)] == [1, 1, 2]
    assert {m.template for batch in new_mail.values() for m in batch} == {"notification"}
    sent = sorted(message.to[0] for message in outbox)
    assert sent == sorted([mo.email, ann.email, *[second.email, people["coordinator"].email] * 2])
    for message in outbox:
        assert "paused" in message.body
        for detail in ("victim", "family", "co-defendant", "co_defendant", "conflict"):
            assert detail not in message.body.lower()


def test_a_second_run_does_nothing(people, runner):
    _world(people)
    assert runner.invoke(args=["matching", "pause-conflicted"]).exit_code == 0
    db.session.expire_all()
    audit_count = db.session.scalar(select(db.func.count(AuditEvent.id)))
    mail_count = db.session.scalar(select(db.func.count(OutboxMessage.id)))
    result = runner.invoke(args=["matching", "pause-conflicted"])
    assert result.exit_code == 0
    assert result.output == "No live match sits beside a conflict.\n"
    db.session.expire_all()
    assert db.session.scalar(select(db.func.count(AuditEvent.id))) == audit_count
    assert db.session.scalar(select(db.func.count(OutboxMessage.id))) == mail_count


def test_nothing_to_do_when_no_match_sits_beside_a_conflict(people, runner):
    mo = _mentor(people, "mo@example.org", "Mo Mentor")
    clean = _match(people, mo, "LS-1", active=True)
    proposed = _match(people, mo, "LS-2", active=False)
    result = runner.invoke(args=["matching", "pause-conflicted"])
    assert result.output == "No live match sits beside a conflict.\n"
    db.session.expire_all()
    assert db.session.get(Match, clean.id).status == ACTIVE
    assert db.session.get(Match, proposed.id).status == PROPOSED
    assert _pauses() == []


def test_the_morning_job_runs_the_same_check(people):
    assert nightly_conflict_check.task_class in huey._registry._periodic_tasks  # the worker's
    mo = _mentor(people, "mo@example.org", "Mo Mentor")
    match = _match(people, mo, "LS-1", active=True)
    _declared_long_ago(people, match, "associate")
    nightly_conflict_check.call_local()
    db.session.expire_all()
    assert db.session.get(Match, match.id).status == PAUSED
    assert [e.subject_id for e in _pauses()] == [str(match.id)]
