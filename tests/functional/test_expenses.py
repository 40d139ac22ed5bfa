"""Expense claims by the rules: a mentor claims against their own contacts within the scheme's
limits; a coordinator of the scheme approves or queries (never their own claim); the mentor
answers or withdraws; every step is audited and the mentor told without detail."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.audit.models import AuditEvent
from lms.expenses import services
from lms.expenses.models import APPROVED, QUERIED, SUBMITTED, WITHDRAWN
from lms.expenses.settings import ExpenseError, SettingsDetails, save_settings
from lms.extensions import db
from lms.notifications.models import EACH, Notification
from lms.notifications.services import set_email_choice
from lms.notifications.work_digest import send_work_digests
from lms.ukdates import uk_today
from tests.access.expenses import make_contact
from tests.factories import make_person, make_scheme
from tests.inbox import mails_to, notes_for


@pytest.fixture
def mentor(people):
    return people["trainee"]


@pytest.fixture
def contact(people, mentor):
    return make_contact(mentor, people["coordinator"], minutes=90)


def _claim(mentor, contact, kind="travel", amount=450, what="Bus fare", minutes=0):
    details = services.ClaimDetails(kind, amount, what, minutes)
    claim = services.submit(db.session, mentor, contact, details, uk_today())
    db.session.commit()
    return claim


def _refused(call, field=None, code=None) -> ExpenseError:
    with pytest.raises(ExpenseError) as caught:
        call()
    db.session.rollback()
    if field is not None:
        assert caught.value.field == field, caught.value.message
    if code is not None:
        assert caught.value.code == code
    return caught.value


def _events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def _pays(people, rate=1200):
    limits = {"travel": 2000, "phone": 1000, "refreshments": 500, "other": None}
    save_settings(
        db.session, people["admin"], people["admin"].scheme_id, SettingsDetails(limits, True, rate)
    )
    db.session.commit()


def test_a_claim_is_saved_audited_and_the_coordinator_told(people, mentor, contact):
    claim = _claim(mentor, contact, what="  Bus   fare to the gate ")
    assert claim.status == SUBMITTED and claim.amount == 450 and claim.scheme_id == mentor.scheme_id
    assert claim.description == "Bus fare to the gate"
    [event] = _events("expense.submitted")
    assert event.actor_id == mentor.id and event.subject_id == str(claim.id)
    assert event.details["amount"] == "4.50"
    told = db.session.scalars(select(Notification).where(Notification.kind == "expense-waiting"))
    assert [n.person_id for n in told] == [people["coordinator"].id]


def test_claims_waiting_reach_coordinators_on_the_site_and_in_the_daily_work_email(
    people, mentor, contact
):
    """Submitted and answered claims are not one email each, whatever the coordinator chose:
    the work-waiting email counts them once a day."""
    coordinator = people["coordinator"]
    set_email_choice(db.session, coordinator, EACH)
    claim = _claim(mentor, contact)
    services.query(db.session, coordinator, claim, "Which bus was it?")
    services.answer(db.session, mentor, claim, services.ClaimDetails("travel", 380, "Bus", 0), "7")
    db.session.commit()
    assert len(notes_for(coordinator, "expense-waiting")) == 2
    assert mails_to(coordinator) == []
    send_work_digests(db.session, uk_today())
    db.session.commit()
    (work,) = mails_to(coordinator)
    assert work.template == "work_digest"


@pytest.mark.parametrize(
    ("kind", "amount", "what", "field"),
    [
        ("travel", None, "Bus", "amount"),
        ("travel", 0, "Bus", "amount"),
        ("travel", 2001, "Bus", "amount"),  # over the £20 default limit
        ("refreshments", 501, "Tea", "amount"),
        ("other", 100, "Book", "kind"),  # "other" is off by default
        ("lottery", 100, "Ticket", "kind"),
        ("phone", 500, "   ", "description"),
        ("phone", 500, "x" * 201, "description"),
    ],
)
def test_bad_claims_are_refused_on_their_field(mentor, contact, kind, amount, what, field):
    error = _refused(lambda: _claim(mentor, contact, kind, amount, what), field=field)
    assert error.message
    assert _events("expense.submitted") == []


def test_the_limit_itself_may_be_claimed_and_the_message_names_it(mentor, contact):
    error = _refused(lambda: _claim(mentor, contact, "travel", 2001), field="amount")
    assert "£20.00" in error.message
    assert _claim(mentor, contact, "travel", 2000).amount == 2000


def test_only_the_mentors_own_contact_can_be_claimed(people, contact):
    other = make_person(
        "other@example.org",
        "Oli Other",
        [Role.TRAINEE],
        people["trainee"].scheme,
    )
    _refused(lambda: _claim(other, contact), code="forbidden")


def test_a_contact_over_90_days_old_cannot_be_claimed(people):
    old = make_contact(people["trainee"], people["coordinator"], days_ago=91)
    error = _refused(lambda: _claim(people["trainee"], old), code="too_old")
    assert "90 days" in error.message


def test_a_contact_exactly_90_days_old_can(people):
    edge = make_contact(people["trainee"], people["coordinator"], days_ago=90)
    assert _claim(people["trainee"], edge).status == SUBMITTED


def test_one_claim_of_a_kind_per_contact_until_it_is_withdrawn(mentor, contact):
    first = _claim(mentor, contact)
    _refused(lambda: _claim(mentor, contact, amount=100), field="kind")
    assert _claim(mentor, contact, "phone", 300).kind == "phone"  # another kind is fine
    services.withdraw(db.session, mentor, first)
    db.session.commit()
    assert _claim(mentor, contact, amount=100).status == SUBMITTED


def test_hours_only_where_the_scheme_pays_and_never_more_than_the_contact(people, mentor, contact):
    _refused(lambda: _claim(mentor, contact, minutes=30), field="hours")
    _pays(people, rate=1200)
    claim = _claim(mentor, contact, minutes=60)
    assert (claim.hourly_rate, claim.pay) == (1200, 1200)
    error = _refused(lambda: _claim(mentor, contact, "phone", 100, "Credit", 31), field="hours")
    assert "30 more minutes" in error.message  # 90-minute contact, 60 already claimed
    assert _claim(mentor, contact, "phone", 100, "Credit", 30).paid_minutes == 30


def test_approving_is_audited_and_the_mentor_told_without_detail(outbox, people, mentor, contact):
    claim = _claim(mentor, contact, what="Bus fare SECRET-DETAIL")
    coordinator = people["coordinator"]
    services.approve(db.session, coordinator, claim)
    db.session.commit()
    assert claim.status == APPROVED and claim.approved_by_id == coordinator.id
    assert claim.approved_at is not None
    [event] = _events("expense.approved")
    assert event.actor_id == coordinator.id
    [note] = db.session.scalars(select(Notification).where(Notification.kind == "expense-approved"))
    assert note.person_id == mentor.id and note.link == f"/expenses/{claim.id}"
    assert "4.50" not in note.text and "SECRET" not in note.text
    [mail] = [m for m in outbox if m.to == [mentor.email]]  # through the outbox, each time
    assert f"http://lms.test/expenses/{claim.id}" in mail.body
    assert "SECRET" not in mail.body and "4.50" not in mail.body


def test_a_query_needs_a_question_and_the_mentor_answers_and_corrects(people, mentor, contact):
    claim = _claim(mentor, contact)
    coordinator = people["coordinator"]
    _refused(lambda: services.query(db.session, coordinator, claim, "  "), field="question")
    services.query(db.session, coordinator, claim, "Which bus was it?")
    db.session.commit()
    assert claim.status == QUERIED and claim.question == "Which bus was it?"
    assert _events("expense.queried")[0].reason == "Which bus was it?"
    [note] = db.session.scalars(select(Notification).where(Notification.kind == "expense-queried"))
    assert "bus" not in note.text.lower()
    fixed = services.ClaimDetails("travel", 380, "Number 7 bus", 0)
    _refused(lambda: services.answer(db.session, mentor, claim, fixed, ""), field="answer")
    too_much = services.ClaimDetails("travel", 2500, "Taxi", 0)
    _refused(lambda: services.answer(db.session, mentor, claim, too_much, "Taxi"), field="amount")
    services.answer(db.session, mentor, claim, fixed, "The number 7.")
    db.session.commit()
    assert (claim.status, claim.amount, claim.description) == (SUBMITTED, 380, "Number 7 bus")
    assert _events("expense.answered")[0].reason == "The number 7."


def test_a_coordinator_never_decides_their_own_claim(people):
    scheme = people["coordinator"].scheme
    both = make_person("both@example.org", "Bo Both", [Role.TRAINEE, Role.COORDINATOR], scheme)
    claim = _claim(both, make_contact(both, people["coordinator"]))
    _refused(lambda: services.approve(db.session, both, claim), code="forbidden")
    _refused(lambda: services.query(db.session, both, claim, "Why?"), code="forbidden")
    services.approve(db.session, people["coordinator"], claim)  # another coordinator may
    db.session.commit()
    assert claim.status == APPROVED


def test_nobody_outside_the_scheme_or_the_coordinator_role_decides(people, mentor, contact):
    claim = _claim(mentor, contact)
    elsewhere = make_scheme("north", "North Scheme")
    stranger = make_person("c2@example.org", "Cy Coord", [Role.COORDINATOR], elsewhere)
    _refused(lambda: services.approve(db.session, stranger, claim), code="forbidden")
    _refused(lambda: services.approve(db.session, people["trainer"], claim), code="forbidden")
    _refused(lambda: services.approve(db.session, people["admin"], claim), code="forbidden")
    assert claim.status == SUBMITTED


def test_decided_and_withdrawn_claims_cannot_be_decided_or_changed_again(people, mentor, contact):
    claim = _claim(mentor, contact)
    services.approve(db.session, people["coordinator"], claim)
    db.session.commit()
    _refused(
        lambda: services.approve(db.session, people["coordinator"], claim), code="wrong_status"
    )
    _refused(lambda: services.withdraw(db.session, mentor, claim), code="wrong_status")
    other = _claim(mentor, contact, "phone", 200, "Credit")
    services.withdraw(db.session, mentor, other)
    db.session.commit()
    assert other.status == WITHDRAWN and _events("expense.withdrawn")
    _refused(
        lambda: services.query(db.session, people["coordinator"], other, "?"), code="wrong_status"
    )


def test_only_the_mentor_withdraws_or_answers_their_claim(people, mentor, contact):
    claim = _claim(mentor, contact)
    other = make_person("o2@example.org", "Ola Other", [Role.TRAINEE], mentor.scheme)
    _refused(lambda: services.withdraw(db.session, other, claim), code="forbidden")
    assert claim.status == SUBMITTED


def test_the_contact_date_window_is_counted_from_today(people, mentor):
    contact = make_contact(mentor, people["coordinator"], days_ago=0)
    later = uk_today() + timedelta(days=91)
    details = services.ClaimDetails("travel", 100, "Bus")
    _refused(lambda: services.submit(db.session, mentor, contact, details, later), code="too_old")
