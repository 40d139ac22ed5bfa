"""Matches: their life and audit trail, the pause cascade, anonymising and scheme isolation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lms import create_app
from lms.accounts.models import Person, Role
from lms.audit.models import AuditEvent
from lms.certificates import services as certificates
from lms.certificates.models import Certificate
from lms.certificates.sweep import sweep
from lms.db import utcnow
from lms.events import certificate_stopped
from lms.extensions import db
from lms.matching import cascade, policy
from lms.matching.matches import services
from lms.matching.models import ACTIVE, ENDED, PAUSED, PROPOSED, Match, Mentee
from lms.outbox.models import CANCELLED, OutboxMessage
from tests.factories import make_mentee, make_mentor, make_person, make_scheme
from tests.notification_mail import without_notifications


@pytest.fixture
def outbox(outbox):
    """The cascade's own emails: these tests leave out the holders' notification emails
    (lms/notifications), which tests/functional/test_notification_triggers.py covers."""
    return without_notifications(outbox)


TODAY = date(2026, 11, 28)


@pytest.fixture
def mentor(people) -> Person:
    person = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(person, today=TODAY)
    return person


@pytest.fixture
def mentee(people) -> Mentee:
    return make_mentee(people["trainee"].scheme, "M-001")


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _active(people, mentor, mentee) -> Match:
    match = services.propose_match(db.session, people["coordinator"], mentor, mentee, TODAY)
    services.activate(db.session, people["coordinator"], match, TODAY)
    db.session.commit()
    return match


def _cert(person: Person) -> Certificate:
    return db.session.scalars(
        select(Certificate).where(Certificate.person_id == person.id, Certificate.current)
    ).one()


def test_a_match_goes_through_its_life_with_an_audit_event_each_step(people, mentor, mentee):
    """Proposed, active, paused, resumed and ended: each change names who, why and the scheme."""
    coordinator = people["coordinator"]
    match = services.propose_match(db.session, coordinator, mentor, mentee, TODAY)
    db.session.commit()
    assert (match.status, match.scheme_id, match.created_by_id) == (
        PROPOSED,
        mentee.scheme_id,
        coordinator.id,
    )
    services.activate(db.session, coordinator, match, TODAY)
    assert match.status == ACTIVE and match.activated_at is not None
    services.pause(db.session, coordinator, match, "Mentor on holiday")
    assert (match.status, match.paused_reason) == (PAUSED, "Mentor on holiday")
    services.resume(db.session, coordinator, match, TODAY)
    assert match.status == ACTIVE and match.paused_reason is None
    services.end_match(db.session, coordinator, match, "Mentee moved away", "mentee")
    db.session.commit()
    assert (match.status, match.ended_reason, match.end_requested_by) == (
        ENDED,
        "Mentee moved away",
        "mentee",
    )
    for action, reason in [
        ("match.proposed", ""),
        ("match.activated", ""),
        ("match.paused", "Mentor on holiday"),
        ("match.resumed", ""),
        ("match.ended", "Mentee moved away"),
    ]:
        (event,) = _events(action)
        assert event.actor_id == coordinator.id
        assert (event.subject_type, event.subject_id) == ("match", str(match.id))
        assert event.scheme_id == mentee.scheme_id
        assert event.reason == reason
        assert event.details["mentor_id"] == mentor.id
    assert _events("match.ended")[0].details["requested_by"] == "mentee"


def test_a_blocked_mentor_cannot_be_proposed(people, mentee):
    """Proposing goes through the gate and reports every reason."""
    person = make_person("new@example.org", "Nia New", [Role.TRAINEE], people["trainee"].scheme)
    with pytest.raises(services.NotMatchable) as caught:
        services.propose_match(db.session, people["coordinator"], person, mentee, TODAY)
    assert caught.value.code == "not_eligible"
    assert [r.code for r in caught.value.reasons] == [
        "no_certificate",
        "vetting_missing",
        "unavailable",
    ]
    db.session.rollback()
    assert db.session.scalars(select(Match)).all() == []


def test_the_same_pair_cannot_have_two_open_matches(people, mentor, mentee):
    """A second proposal for a pair already matched is refused with a clear message."""
    services.propose_match(db.session, people["coordinator"], mentor, mentee, TODAY)
    db.session.commit()
    with pytest.raises(services.MatchError) as caught:
        services.propose_match(db.session, people["coordinator"], mentor, mentee, TODAY)
    assert caught.value.code == "already_matched"


def test_activating_runs_the_gate_again(people, mentor, mentee):
    """A proposal whose mentor's DBS recheck has since fallen due cannot be made active."""
    match = services.propose_match(db.session, people["coordinator"], mentor, mentee, TODAY)
    db.session.commit()
    with pytest.raises(services.NotMatchable) as caught:
        services.activate(db.session, people["coordinator"], match, TODAY + timedelta(days=400))
    assert "vetting_recheck_due" in [r.code for r in caught.value.reasons]


def test_wrong_status_changes_are_refused(people, mentor, mentee):
    """Only proposed matches activate, only paused ones resume, ended ones stay ended."""
    coordinator = people["coordinator"]
    match = _active(people, mentor, mentee)
    with pytest.raises(services.MatchError, match="proposed"):
        services.activate(db.session, coordinator, match, TODAY)
    with pytest.raises(services.MatchError, match="paused"):
        services.resume(db.session, coordinator, match, TODAY)
    services.end_match(db.session, coordinator, match, "Done", "scheme")
    with pytest.raises(services.MatchError, match="already ended"):
        services.end_match(db.session, coordinator, match, "Again", "scheme")
    with pytest.raises(services.MatchError):
        services.pause(db.session, coordinator, match, "Late")


def test_ending_needs_a_reason_and_who_asked_and_offers_the_next_mentor(people, mentor, mentee):
    """Either side may ask to end; a reason is required; the next candidate is someone else."""
    coordinator = people["coordinator"]
    other = make_person("ola@example.org", "Ola Other", [Role.TRAINEE], mentor.scheme)
    make_mentor(other, today=TODAY)
    match = _active(people, mentor, mentee)
    with pytest.raises(services.MatchError) as caught:
        services.end_match(db.session, coordinator, match, "  ", "mentor")
    assert caught.value.code == "reason"
    with pytest.raises(services.MatchError) as caught:
        services.end_match(db.session, coordinator, match, "Not working", "probation")
    assert caught.value.code == "requested_by"
    services.end_match(db.session, coordinator, match, "Not working out", "mentor")
    db.session.commit()
    offered = services.next_candidates(db.session, mentee, TODAY)
    assert [r.mentor.id for r in offered] == [other.id]
    assert offered[0].reasons_for_fit[0] == "Shares needs: housing"


def test_pausing_needs_a_reason(people, mentor, mentee):
    """A pause without a reason is refused."""
    match = _active(people, mentor, mentee)
    with pytest.raises(services.MatchError) as caught:
        services.pause(db.session, people["coordinator"], match, "")
    assert caught.value.code == "reason"


def test_scheme_isolation(people, mentor, mentee):
    """Another scheme's coordinator cannot propose, activate, pause or end this scheme's matches."""
    outsider = make_person(
        "b@example.org", "Bea B", [Role.COORDINATOR], make_scheme("b-scheme", "Scheme B")
    )
    with pytest.raises(services.MatchError) as caught:
        services.propose_match(db.session, outsider, mentor, mentee, TODAY)
    assert caught.value.code == "forbidden"
    match = services.propose_match(db.session, people["coordinator"], mentor, mentee, TODAY)
    db.session.commit()
    for attempt in (
        lambda: services.activate(db.session, outsider, match, TODAY),
        lambda: services.pause(db.session, outsider, match, "Because"),
        lambda: services.end_match(db.session, outsider, match, "Because", "scheme"),
    ):
        with pytest.raises(services.MatchError, match="coordinators"):
            attempt()
    for role in ("trainer", "trainee"):
        assert not policy.may_coordinate(people[role], mentee.scheme_id)
    assert policy.may_coordinate(people["admin"], mentee.scheme_id)
    assert not policy.may_coordinate(outsider, mentee.scheme_id)


def test_a_mentor_from_another_scheme_is_refused(people, mentee):
    """Even an admin cannot match a mentee with another scheme's mentor."""
    elsewhere = make_person("x@example.org", "Xan", [Role.TRAINEE], make_scheme("x", "X Scheme"))
    make_mentor(elsewhere, today=TODAY)
    with pytest.raises(services.NotMatchable) as caught:
        services.propose_match(db.session, people["admin"], elsewhere, mentee, TODAY)
    assert [r.code for r in caught.value.reasons] == ["other_scheme"]


def test_mentors_of_lists_holders_past_and_present(people, mentor):
    """The scheme's mentors are its active people who hold or have held a certificate."""
    former = make_person("f@example.org", "Fay Former", [Role.TRAINEE], mentor.scheme)
    cert = make_mentor(former, today=TODAY)
    cert.current = False
    cert.superseded_at = utcnow()
    gone = make_person("g@example.org", "Gus Gone", [Role.TRAINEE], mentor.scheme)
    make_mentor(gone, today=TODAY)
    gone.active = False
    db.session.commit()
    names = [p.name for p in services.mentors_of(db.session, mentor.scheme_id)]
    assert names == ["Fay Former", "Mo Mentor"]


# ---------------------------------------------------------------------------
# The pause cascade


@pytest.fixture
def two_matches(people, mentor):
    """An active and a proposed match for the mentor, plus an ended one that must stay ended."""
    scheme = mentor.scheme
    mentor_profile_capacity(mentor, 3)
    active = _active(people, mentor, make_mentee(scheme, "M-ACTIVE"))
    proposed = services.propose_match(
        db.session, people["coordinator"], mentor, make_mentee(scheme, "M-PROPOSED"), TODAY
    )
    ended = _active(people, mentor, make_mentee(scheme, "M-ENDED"))
    services.end_match(db.session, people["coordinator"], ended, "Finished", "scheme")
    db.session.commit()
    return active, proposed, ended


def mentor_profile_capacity(mentor: Person, capacity: int) -> None:
    from lms.matching.models import MentorProfile

    profile = db.session.scalars(
        select(MentorProfile).where(MentorProfile.person_id == mentor.id)
    ).one()
    profile.capacity = capacity
    db.session.commit()


def _coordinators(people, scheme):
    second = make_person("c2@example.org", "Cal Second", [Role.COORDINATOR], scheme)
    asleep = make_person("c3@example.org", "Cy Inactive", [Role.COORDINATOR], scheme)
    asleep.active = False
    make_person("cb@example.org", "Other Scheme", [Role.COORDINATOR], make_scheme("b", "B"))
    db.session.commit()
    return {people["coordinator"].email, second.email}


def test_suspension_pauses_live_matches_and_emails_coordinators(
    people, mentor, two_matches, outbox
):
    """Suspending pauses active and proposed matches at once; each coordinator gets one email."""
    active, proposed, ended = two_matches
    expected = _coordinators(people, mentor.scheme)
    certificates.suspend(
        db.session, people["coordinator"], _cert(mentor), "Concern raised", TODAY, today=TODAY
    )
    assert outbox == [], "nobody is told before the change is committed"
    db.session.commit()
    assert (active.status, proposed.status, ended.status) == (PAUSED, PAUSED, ENDED)
    assert active.paused_reason == "Certificate suspended"
    paused = _events("match.paused")
    assert len(paused) == 2
    assert all(e.actor_id is None and e.actor_name == "System" for e in paused)
    assert {m.to[0] for m in outbox} == expected and len(outbox) == 2
    body = outbox[0].body
    assert "M-ACTIVE" in body and "M-PROPOSED" in body and "M-ENDED" not in body
    assert "Mo Mentor" in body and "Certificate suspended" in body
    assert outbox[0].subject == "2 matches have been paused"


def test_coordinators_without_email_are_each_recorded_not_merged(
    people, mentor, two_matches, outbox
):
    """Two coordinators with usernames and no email: each gets their own outbox row, marked
    not sent, and the one with an address still gets the email."""
    scheme = mentor.scheme
    for username, name in (("cal.none", "Cal None"), ("cy.none", "Cy None")):
        person = make_person(f"{username}@example.org", name, [Role.COORDINATOR], scheme)
        person.username, person.email = username, None
    db.session.commit()
    certificates.suspend(
        db.session, people["coordinator"], _cert(mentor), "Concern raised", TODAY, today=TODAY
    )
    db.session.commit()
    rows = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.template == "matches_paused")
    ).all()
    by_person = {row.person_id: row for row in rows}
    assert len(rows) == len(by_person) == 3
    not_sent = [row for row in rows if row.to_address == ""]
    assert len(not_sent) == 2 and all(row.status == CANCELLED for row in not_sent)
    assert [m.to for m in outbox] == [[people["coordinator"].email]]


def test_nothing_is_emailed_when_the_change_is_rolled_back(people, mentor, two_matches, outbox):
    """A suspension that is rolled back pauses nothing and tells nobody."""
    certificates.suspend(db.session, people["coordinator"], _cert(mentor), "X", TODAY, today=TODAY)
    db.session.rollback()
    db.session.commit()
    assert outbox == []
    assert two_matches[0].status == ACTIVE


def test_reinstatement_does_not_resume_and_resuming_goes_through_the_gate(
    people, mentor, two_matches
):
    """After reinstatement the match stays paused until a coordinator resumes it via the gate."""
    active, proposed, _ = two_matches
    coordinator = people["coordinator"]
    cert = _cert(mentor)
    certificates.suspend(db.session, coordinator, cert, "Concern", TODAY, today=TODAY)
    db.session.commit()
    with pytest.raises(services.NotMatchable) as caught:
        services.resume(db.session, coordinator, active, TODAY)
    assert [r.code for r in caught.value.reasons] == ["certificate_suspended"]
    db.session.rollback()
    certificates.reinstate(db.session, coordinator, cert, "Concern unfounded")
    db.session.commit()
    assert active.status == PAUSED
    services.resume(db.session, coordinator, active, TODAY)
    services.resume(db.session, coordinator, proposed, TODAY)
    db.session.commit()
    assert (active.status, proposed.status) == (ACTIVE, PROPOSED), "never-activated goes back"
    assert len(_events("match.resumed")) == 2


def test_revocation_pauses_live_matches(people, mentor, two_matches, outbox):
    """Revoking (proposed by a coordinator, approved by an admin) pauses the matches."""
    active, proposed, _ = two_matches
    proposal = certificates.propose_revocation(
        db.session, people["coordinator"], _cert(mentor), "Serious breach"
    )
    certificates.decide_revocation(
        db.session, people["admin"], proposal, approve=True, note="Agreed"
    )
    db.session.commit()
    assert (active.status, proposed.status) == (PAUSED, PAUSED)
    assert active.paused_reason == "Certificate revoked"
    assert len(outbox) == 1 and "Certificate revoked" in outbox[0].body


def test_expiry_through_the_sweep_pauses_live_matches(people, outbox):
    """The daily sweep records the expiry and the matches pause with that reason."""
    person = make_person("e@example.org", "Eve Expiring", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(person, today=TODAY, valid_days_left=3)
    match = _active(people, person, make_mentee(person.scheme, "M-EXP"))
    summary = sweep(db.session, TODAY + timedelta(days=4))
    db.session.commit()
    assert summary.expired == 1
    assert match.status == PAUSED and match.paused_reason == "Certificate expired"
    assert len(outbox) == 1 and "M-EXP" in outbox[0].body
    sweep(db.session, TODAY + timedelta(days=5))
    db.session.commit()
    assert len(outbox) == 1, "the second sweep changes nothing"


def test_a_match_another_certificate_still_covers_stays_active(people, outbox):
    """When an add-on certificate stops, only matches that needed it pause."""
    person = make_person("a@example.org", "Ann Addon", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(person, today=TODAY, capacity=3)
    extra = make_mentor(
        person, today=TODAY, competences=("mentor-under-18s",), slug="u18", vetting_level=None
    )
    adult = _active(people, person, make_mentee(person.scheme, "M-ADULT"))
    young = _active(people, person, make_mentee(person.scheme, "M-YOUNG", under_18=True))
    certificates.suspend(db.session, people["coordinator"], extra, "Concern", TODAY, today=TODAY)
    db.session.commit()
    assert (adult.status, young.status) == (ACTIVE, PAUSED)
    assert "M-YOUNG" in outbox[0].body and "M-ADULT" not in outbox[0].body


def test_the_cascade_runs_once_however_many_apps_are_built(
    app_config, people, mentor, two_matches, outbox, monkeypatch
):
    """Two more create_app calls in the process connect nothing again: one cascade, one pause."""
    receivers = len(certificate_stopped.receivers)
    for _ in range(2):
        create_app(app_config)
    assert len(certificate_stopped.receivers) == receivers
    runs: list[str] = []
    real = cascade.pause_for_certificate

    def counting(session, cert, why):
        runs.append(why)
        return real(session, cert, why)

    monkeypatch.setattr(cascade, "pause_for_certificate", counting)
    certificates.suspend(
        db.session, people["coordinator"], _cert(mentor), "Concern", TODAY, today=TODAY
    )
    db.session.commit()
    assert runs == ["suspended"]
    assert len(_events("match.paused")) == 2
    assert len(outbox) == 1 and outbox[0].subject == "2 matches have been paused"


# ---------------------------------------------------------------------------
# Anonymising


def test_anonymise_removes_identifying_details_and_keeps_counts(people, mentor, runner):
    """Mentees whose matches all ended before the date lose identifying details; others do not."""
    coordinator, scheme = people["coordinator"], mentor.scheme
    done = make_mentee(
        scheme,
        "JS-1985",
        area="Hull",
        gender="woman",
        gender_preference="woman",
        languages=["Polish"],
        restricted_notes="Lives with her sister",
        release_date=date(2026, 3, 1),
        needs=["housing", "debt"],
        under_18=True,
    )
    make_mentor(mentor, today=TODAY, competences=("mentor-under-18s",), slug="u18")
    open_one = make_mentee(scheme, "OPEN-1")
    late = make_mentee(scheme, "LATE-1")
    never = make_mentee(scheme, "NEW-1")
    for mentee in (done, late):
        match = _active(people, mentor, mentee)
        services.end_match(db.session, coordinator, match, "Finished", "scheme")
    _active(people, mentor, open_one)
    db.session.commit()
    db.session.execute(
        Match.__table__.update()
        .where(Match.mentee_id == done.id)
        .values(ended_at=utcnow() - timedelta(days=400))
    )
    db.session.commit()
    cutoff = (utcnow() - timedelta(days=30)).date().isoformat()

    result = runner.invoke(args=["mentees", "anonymise", "--ended-before", cutoff])
    assert result.exit_code == 0, result.output
    assert "Anonymised 1 mentee " in result.output
    db.session.expire_all()
    assert done.reference == f"anon-{done.id}"
    assert (done.area, done.gender, done.gender_preference, done.languages) == (
        "",
        "not_said",
        "none",
        [],
    )
    assert done.restricted_notes == "" and done.release_date is None
    assert done.anonymised_at is not None
    assert done.needs == ["housing", "debt"] and done.under_18
    assert len(db.session.scalars(select(Match).where(Match.mentee_id == done.id)).all()) == 1
    for kept, reference in ((open_one, "OPEN-1"), (late, "LATE-1"), (never, "NEW-1")):
        assert kept.reference == reference and kept.anonymised_at is None
    (event,) = _events("mentees.anonymised")
    assert event.details["count"] == 1 and event.actor_id is None

    again = runner.invoke(args=["mentees", "anonymise", "--ended-before", cutoff])
    assert "Anonymised 0 mentees" in again.output
    assert len(_events("mentees.anonymised")) == 1, "a second run changes nothing"


def test_anonymised_mentees_cannot_be_matched(people, mentor, mentee):
    """Once anonymised, a mentee's record is closed to new matches."""
    mentee.anonymised_at = utcnow()
    db.session.commit()
    with pytest.raises(services.MatchError) as caught:
        services.propose_match(db.session, people["coordinator"], mentor, mentee, TODAY)
    assert caught.value.code == "anonymised"


def test_anonymise_needs_a_valid_date(runner, app):
    """The date is required and must be YYYY-MM-DD."""
    assert runner.invoke(args=["mentees", "anonymise"]).exit_code != 0
    result = runner.invoke(args=["mentees", "anonymise", "--ended-before", "01/02/2026"])
    assert result.exit_code != 0


def test_the_email_waits_for_the_outer_commit(people, mentor, two_matches, outbox):
    """Releasing a savepoint is not a commit: the email goes when the transaction does."""
    with db.session.begin_nested():
        certificates.suspend(
            db.session, people["coordinator"], _cert(mentor), "X", TODAY, today=TODAY
        )
    assert outbox == []
    db.session.commit()
    assert len(outbox) == 1


def test_candidates_rank_the_eligible_and_explain_the_blocked(people, mentor, mentee):
    """Eligible mentors come ranked with reasons for fit; the rest with the gate's reasons."""
    from lms.matching.matches.ranking import candidates

    scheme = mentor.scheme
    near = make_person("n@example.org", "Ned Near", [Role.TRAINEE], scheme)
    make_mentor(near, today=TODAY, available=False)
    far = make_person("f@example.org", "Flo Far", [Role.TRAINEE], scheme)
    make_mentor(far, today=TODAY, available=False, vetting_level=None)
    close = make_person("c@example.org", "Cleo Close", [Role.TRAINEE], scheme)
    make_mentor(close, today=TODAY, area="Hull", needs=("debt",))
    found = candidates(db.session, mentee, TODAY)
    assert [r.mentor.name for r in found.eligible] == ["Mo Mentor", "Cleo Close"]
    assert found.eligible[0].reasons_for_fit == [
        "Shares needs: housing",
        "Same area",
        "Speaks English",
        "Has 2 of 2 places free",
    ]
    assert [(r.mentor.name, r.codes) for r in found.blocked] == [
        ("Ned Near", ["unavailable"]),
        ("Flo Far", ["vetting_missing", "unavailable"]),
    ]
    services.propose_match(db.session, people["coordinator"], mentor, mentee, TODAY)
    db.session.commit()
    again = candidates(db.session, mentee, TODAY)
    assert [r.mentor.name for r in again.eligible] == ["Cleo Close"], "matched mentors drop out"
