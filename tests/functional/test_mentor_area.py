"""The mentor's own area: accept and decline through the gate, the contact log and its concern
email, asking to end, and that a mentor sees only their own matches."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.accounts.contacts import set_safeguarding_contacts
from lms.accounts.models import Person, Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.matching.matches import services as matches
from lms.matching.mine import services
from lms.matching.models import ACTIVE, ENDED, PROPOSED, ContactLog, Match, MentorProfile
from lms.outbox.models import OutboxMessage
from lms.ukdates import uk_date, uk_today
from tests.conftest import csrf_token, sign_in
from tests.factories import make_mentee, make_mentor, make_person
from tests.inbox import mails_to


@pytest.fixture
def mentor(people) -> Person:
    person = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(person, today=uk_today())
    return person


@pytest.fixture
def proposed(people, mentor) -> Match:
    mentee = make_mentee(mentor.scheme, "M-001", restricted_notes="SECRET NOTE")
    match = matches.propose_match(db.session, people["coordinator"], mentor, mentee, uk_today())
    db.session.commit()
    return match


def _active(mentor, proposed) -> Match:
    services.accept(db.session, mentor, proposed, uk_today())
    db.session.commit()
    return proposed


def _mail(template: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == template)))


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_accepting_makes_the_match_active_audited_and_tells_the_coordinator(
    people, mentor, proposed
):
    _active(mentor, proposed)
    assert proposed.status == ACTIVE and proposed.activated_at is not None
    assert [e.actor_id for e in _events("match.accepted")] == [mentor.id]
    assert len(mails_to(people["coordinator"], "notification")) == 1


def test_accepting_runs_the_gate_again(mentor, proposed):
    """The mentor became unavailable after the proposal: accepting is refused with the reasons."""
    profile = db.session.scalars(
        select(MentorProfile).where(MentorProfile.person_id == mentor.id)
    ).one()
    profile.available = False
    db.session.commit()
    with pytest.raises(matches.NotMatchable) as caught:
        services.accept(db.session, mentor, proposed, uk_today())
    db.session.rollback()
    assert caught.value.reasons
    assert db.session.get(Match, proposed.id).status == PROPOSED


def test_declining_needs_a_reason_and_ends_the_match(people, mentor, proposed):
    with pytest.raises(services.MentorError) as caught:
        services.decline(db.session, mentor, proposed, "  ")
    assert caught.value.field == "reason"
    services.decline(db.session, mentor, proposed, "I know this person's family.")
    db.session.commit()
    assert proposed.status == ENDED and proposed.end_requested_by == "mentor"
    assert _events("match.declined")[0].reason == "I know this person's family."
    assert len(mails_to(people["coordinator"], "notification")) == 1


def test_only_the_matchs_mentor_may_act_on_it(people, mentor, proposed):
    other = make_person("oz@example.org", "Oz Other", [Role.TRAINEE], mentor.scheme)
    make_mentor(other, today=uk_today())
    with pytest.raises(matches.MatchError):
        services.accept(db.session, other, proposed, uk_today())
    with pytest.raises(matches.MatchError):
        services.decline(db.session, other, proposed, "no")


def _contact(**changes) -> services.ContactDetails:
    values = {
        "held_on": uk_today(),
        "kind": "in_person",
        "minutes": 45,
        "note": "Met at the library.",
    }
    return services.ContactDetails(**{**values, **changes})


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": uk_today() + timedelta(days=1)}, "held_on"),
        ({"held_on": uk_today() - timedelta(days=1)}, "held_on"),  # before the match started
        ({"held_on": None}, "held_on"),
        ({"kind": "email"}, "kind"),
        ({"minutes": 0}, "minutes"),
        ({"minutes": None}, "minutes"),
        ({"note": "x" * 501}, "note"),
    ],
)
def test_the_contact_log_refuses_bad_entries(mentor, proposed, changes, field):
    match = _active(mentor, proposed)
    with pytest.raises(services.MentorError) as caught:
        services.log_contact(db.session, mentor, match, _contact(**changes), uk_today())
    assert caught.value.field == field


def test_contacts_only_on_an_active_match(mentor, proposed):
    with pytest.raises(services.MentorError):
        services.log_contact(db.session, mentor, proposed, _contact(), uk_today())


def test_a_contact_is_saved_and_the_coordinator_sees_the_last_one(mentor, proposed, outbox):
    match = _active(mentor, proposed)
    services.log_contact(db.session, mentor, match, _contact(), uk_today())
    db.session.commit()
    assert services.last_contact(db.session, match) == uk_today()
    assert not _concern_mail(outbox)
    assert _events("match.contact_logged")


def _concern_mail(outbox) -> list:
    """Concern emails as sent (the outbox keeps no body once a message is sent)."""
    return [m for m in outbox if "flagged a concern" in m.body]


def test_a_concern_notifies_the_safeguarding_lead_without_the_note(
    people, mentor, proposed, outbox
):
    """One in-site notification and one email, even for a lead who chose no emails."""
    from lms.notifications.models import Notification
    from lms.notifications.services import set_email_choice

    lead = people["trainer"]
    set_safeguarding_contacts(
        db.session, people["admin"], mentor.scheme, lead_id=lead.id, deputy_id=None
    )
    set_email_choice(db.session, lead, "none")
    match = _active(mentor, proposed)
    services.log_contact(
        db.session,
        mentor,
        match,
        _contact(note="He said he has a knife.", concern=True),
        uk_today(),
    )
    db.session.commit()
    sent = _concern_mail(outbox)
    assert [m.to for m in sent] == [[lead.email]]
    assert "knife" not in sent[0].body and "knife" not in sent[0].subject
    notes = db.session.scalars(select(Notification).where(Notification.person_id == lead.id))
    [note] = [n for n in notes if n.kind == "concern-flagged"]
    assert note.link == "/matching/concerns" and "knife" not in note.text  # a trainer lead
    assert _events("match.concern_flagged")


def test_a_concern_goes_to_the_coordinators_when_no_lead_is_named(people, mentor, proposed, outbox):
    match = _active(mentor, proposed)
    services.log_contact(db.session, mentor, match, _contact(concern=True), uk_today())
    db.session.commit()
    sent = _concern_mail(outbox)
    assert [m.to for m in sent] == [[people["coordinator"].email]]
    assert f"/matching/matches/{match.id}" in sent[0].body  # coordinators act on the match page


def test_asking_to_end_records_it_and_tells_the_coordinator(people, mentor, proposed):
    match = _active(mentor, proposed)
    with pytest.raises(services.MentorError):
        services.ask_to_end(db.session, mentor, match, "")
    services.ask_to_end(db.session, mentor, match, "We have not met for weeks.")
    db.session.commit()
    assert match.end_asked_at is not None and match.status == ACTIVE
    assert _events("match.end_asked")
    assert len(mails_to(people["coordinator"], "notification")) == 2  # accepted, asked to end


def _post(client, path, data, page):
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page)})


def test_pages_show_what_the_mentor_needs_and_never_restricted_notes(client, mentor, proposed):
    sign_in(client, mentor.email)
    html = client.get("/matching/my-mentees").get_data(as_text=True)
    assert "M-001" in html and "Accept or decline" in html
    page = f"/matching/my-mentees/{proposed.id}"
    html = client.get(page).get_data(as_text=True)
    assert "Housing" in html and "Leeds" in html and "SECRET NOTE" not in html
    response = _post(client, f"{page}/decline", {"decline-reason": ""}, page)
    assert response.status_code == 400 and "Say why you are declining" in response.text
    response = _post(client, f"{page}/accept", {}, page)
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Match, proposed.id).status == ACTIVE
    data = {
        "contact-held_on": uk_today().isoformat(),
        "contact-kind": "phone",
        "contact-minutes": "20",
        "contact-note": "Talked about his housing form.",
        "contact-concern": "y",
    }
    response = _post(client, f"{page}/contacts", data, page)
    assert response.status_code == 302
    contact = db.session.scalars(select(ContactLog)).one()
    assert contact.concern and contact.kind == "phone"
    assert "Talked about his housing form." in client.get(page).text


def test_a_mentor_cannot_see_another_mentors_match(client, people, proposed):
    other = make_person("oz@example.org", "Oz Other", [Role.TRAINEE], people["trainee"].scheme)
    make_mentor(other, today=uk_today())
    sign_in(client, other.email)
    assert client.get(f"/matching/my-mentees/{proposed.id}").status_code == 404
    assert "M-001" not in client.get("/matching/my-mentees").text
    page = "/matching/my-mentees"
    assert _post(client, f"{page}/{proposed.id}/accept", {}, page).status_code == 404
    db.session.expire_all()
    assert db.session.get(Match, proposed.id).status == PROPOSED


def test_a_trainee_without_a_certificate_sees_an_explanation(client, login):
    login("trainee")
    html = client.get("/matching/my-mentees").text
    assert "once you hold a mentor certificate" in html


def test_the_coordinators_match_page_shows_the_last_contact(client, login, mentor, proposed):
    match = _active(mentor, proposed)
    services.log_contact(db.session, mentor, match, _contact(), uk_today())
    db.session.commit()
    login("coordinator")
    html = client.get(f"/matching/matches/{match.id}").text
    shown = re.search(r"Last contact</dt><dd[^>]*>([^<]+)</dd>", html)
    assert shown and shown.group(1) == uk_date(uk_today())


def _statements(client, path: str) -> int:
    from sqlalchemy import event

    seen: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return len(seen)


def test_my_mentees_does_not_grow_with_the_number_of_matches(client, people, mentor, proposed):
    """One match or three: "My mentees" issues the same number of statements (a small budget)."""
    sign_in(client, mentor.email)
    one = _statements(client, "/matching/my-mentees")
    profile = db.session.scalars(
        select(MentorProfile).where(MentorProfile.person_id == mentor.id)
    ).one()
    profile.capacity = 5
    db.session.commit()
    for reference in ("M-002", "M-003"):
        mentee = make_mentee(mentor.scheme, reference)
        matches.propose_match(db.session, people["coordinator"], mentor, mentee, uk_today())
    db.session.commit()
    assert _statements(client, "/matching/my-mentees") == one <= 8
