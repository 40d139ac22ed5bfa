"""Practice session dates: never before the trainee joined the scheme, and logged no further
back than the scheme allows (60 days unless it says otherwise), on the boundary days."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import select

from lms.accounts.models import Role
from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.notifications.models import Notification
from lms.practice import recorded, services
from lms.practice.models import CONFIRMED, PracticeEntry
from tests.conftest import csrf_token
from tests.factories import PRACTICE_REFLECTION, make_person, make_scheme

TODAY = date(2026, 11, 28)
JOINED = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)  # 2 June 2025 in the UK


@pytest.fixture
def trainee(people):
    person = people["trainee"]
    person.created_at = person.joined_scheme_at = JOINED
    db.session.commit()
    return person


def _details(people, day: date) -> services.EntryDetails:
    return services.EntryDetails(
        session_date=day,
        duration_minutes=60,
        kind="shadowing",
        location="Probation office",
        reflection=PRACTICE_REFLECTION,
        supervisor_id=people["trainer"].id,
    )


def _problem(people, trainee, day: date) -> str:
    with pytest.raises(services.InvalidEntry) as refused:
        services.log_entry(db.session, trainee, _details(people, day), TODAY)
    db.session.rollback()
    return refused.value.problems["session_date"]


def test_sixty_days_back_is_accepted_and_sixty_one_refused(people, trainee):
    entry = services.log_entry(
        db.session, trainee, _details(people, TODAY - timedelta(days=60)), TODAY
    )
    assert entry.session_date == date(2026, 9, 29)
    message = _problem(people, trainee, TODAY - timedelta(days=61))
    assert "last 60 days, so from 29 September 2026" in message and "trainer" in message


def test_the_scheme_sets_how_far_back(people, trainee):
    trainee.scheme.practice_backdate_days = 200
    db.session.commit()
    assert services.log_entry(
        db.session, trainee, _details(people, TODAY - timedelta(days=200)), TODAY
    )
    assert "last 200 days" in _problem(people, trainee, TODAY - timedelta(days=201))


def test_not_before_joining_the_scheme(people, trainee):
    trainee.scheme.practice_backdate_days = 3650
    db.session.commit()
    assert services.log_entry(db.session, trainee, _details(people, date(2025, 6, 2)), TODAY)
    message = _problem(people, trainee, date(2025, 6, 1))
    assert "before Trainee joined the scheme on 2 June 2025" in message
    # The example.
    assert "joined the scheme" in _problem(people, trainee, date(1999, 1, 1))


def test_a_trainer_cannot_confirm_a_session_from_before_the_trainee_joined(people, trainee):
    """An entry dated before joining (logged before the rule existed) is refused at
    confirmation; one older than the backdating limit may be confirmed: the trainer vouches
    for it."""
    old = PracticeEntry(
        person_id=trainee.id,
        scheme_id=trainee.scheme_id,
        status="pending",
        **{k: v for k, v in vars(_details(people, date(1999, 1, 1))).items() if k != "pathway"},
    )
    older_than_limit = PracticeEntry(
        person_id=trainee.id,
        scheme_id=trainee.scheme_id,
        status="pending",
        **{k: v for k, v in vars(_details(people, date(2025, 7, 1))).items() if k != "pathway"},
    )
    db.session.add_all([old, older_than_limit])
    db.session.commit()
    with pytest.raises(services.PracticeError, match="joined the scheme"):
        services.confirm_entry(db.session, people["trainer"], old)
    db.session.rollback()
    services.confirm_entry(db.session, people["trainer"], older_than_limit)
    db.session.commit()
    assert db.session.get(PracticeEntry, old.id).status == "pending"
    assert db.session.get(PracticeEntry, older_than_limit.id).status == CONFIRMED


def test_the_form_shows_the_date_error_next_to_the_field(client, login, people, trainee):
    login("trainee")
    data = {
        "session_date": "1999-01-01",
        "duration": "90",
        "kind": "co_worked",
        "location": "Probation office",
        "supervisor": str(people["trainer"].id),
        "reflection": PRACTICE_REFLECTION,
        "csrf_token": csrf_token(client, "/practice/new"),
    }
    response = client.post("/practice/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in page
    assert 'id="session_date-error"' in page and "joined the scheme" in page
    assert db.session.scalars(select(PracticeEntry)).all() == []


def _recorded(people, trainee, day: date, **changes):
    details = replace(_details(people, day), supervisor_id=None, **changes)
    return recorded.record_for_trainee(db.session, people["trainer"], trainee, details, TODAY)


def test_a_trainer_records_an_older_session_confirmed_but_never_before_joining(people, trainee):
    entry = _recorded(people, trainee, date(2025, 6, 2))  # well past 60 days, on joining day
    db.session.commit()
    assert entry.status == CONFIRMED and entry.decided_by_id == people["trainer"].id
    assert entry.supervisor_id == people["trainer"].id
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "practice.recorded")
    ).one()
    assert event.actor_id == people["trainer"].id
    told = db.session.scalars(select(Notification).where(Notification.person_id == trainee.id))
    assert [n.kind for n in told] == ["practice-decided"]
    with pytest.raises(services.InvalidEntry) as refused:
        _recorded(people, trainee, date(2025, 6, 1))
    assert "joined the scheme" in refused.value.problems["session_date"]
    db.session.rollback()
    # Observed sessions are recorded with their checklist: tests/functional/
    # test_practice_record_observed.py.


def test_a_trainer_records_only_for_trainees_of_their_scheme(people, trainee):
    other = make_scheme("other", "Other")
    stranger = make_person("s@other.org", "Sid Other", [Role.TRAINEE], other)
    with pytest.raises(services.InvalidEntry) as refused:
        _recorded(people, stranger, TODAY)
    assert refused.value.problems == {"trainee": "Choose a trainee from your scheme"}
    with pytest.raises(services.PracticeError):
        recorded.record_for_trainee(
            db.session, people["coordinator"], trainee, _details(people, TODAY), TODAY
        )


def test_the_record_page_from_the_queue(client, login, people, trainee):
    login("trainer")
    assert 'href="/practice/record"' in client.get("/practice/queue").get_data(as_text=True)
    data = {
        "trainee": str(trainee.id),
        "session_date": "2025-07-01",
        "duration": "90",
        "kind": "co_worked",
        "location": "Probation office",
        "reflection": PRACTICE_REFLECTION,
        "csrf_token": csrf_token(client, "/practice/record"),
    }
    assert client.post("/practice/record", data=data).status_code == 302
    entry = db.session.scalars(select(PracticeEntry)).one()
    assert entry.status == CONFIRMED and entry.session_date == date(2025, 7, 1)
    page = client.post("/practice/record", data={**data, "trainee": "0"}).get_data(as_text=True)
    assert "There is a problem" in page and "Choose a trainee from your scheme" in page


def test_a_trainer_who_is_also_a_trainee_cannot_record_their_own(people):
    both = make_person(
        "both@example.org", "Bea Both", [Role.TRAINEE, Role.TRAINER], people["trainee"].scheme
    )
    with pytest.raises(services.InvalidEntry):
        recorded.record_for_trainee(db.session, both, both, _details(people, TODAY), TODAY)


def _move(people, trainee, scheme, at: datetime) -> None:
    from lms.accounts.services import update_person

    with time_machine.travel(at, tick=False):
        update_person(
            db.session,
            people["admin"],
            trainee,
            name=trainee.name,
            roles=[Role.TRAINEE],
            scheme=scheme,
        )
    db.session.commit()


def test_after_a_move_of_scheme_sessions_count_from_the_move(people, trainee):
    """Moved at 23:30 UTC on 1 September 2026, which is 00:30 on 2 September in the UK: the
    2nd is the first day a session may be dated, the 1st is refused (and so is a day the old
    scheme's membership would have allowed)."""
    other = make_scheme("other", "Other")
    other.practice_backdate_days = 3650
    trainer = make_person("t@other.org", "Tia Trainer", [Role.TRAINER], other)
    _move(people, trainee, other, datetime(2026, 9, 1, 23, 30, tzinfo=UTC))
    assert trainee.joined_scheme_at == datetime(2026, 9, 1, 23, 30, tzinfo=UTC)
    assert trainee.created_at == JOINED  # the account itself is as old as ever

    def details(day: date) -> services.EntryDetails:
        return replace(_details(people, day), supervisor_id=trainer.id)

    assert services.log_entry(db.session, trainee, details(date(2026, 9, 2)), TODAY)
    db.session.commit()
    for day in (date(2026, 9, 1), date(2025, 7, 1)):
        with pytest.raises(services.InvalidEntry) as refused:
            services.log_entry(db.session, trainee, details(day), TODAY)
        db.session.rollback()
        assert refused.value.problems == {
            "session_date": "The session cannot be before Trainee joined the scheme on "
            "2 September 2026: check the date"
        }


def test_an_update_that_keeps_the_scheme_keeps_the_joining_day(people, trainee):
    _move(people, trainee, trainee.scheme, datetime(2026, 9, 1, 12, 0, tzinfo=UTC))
    assert trainee.joined_scheme_at == JOINED
    trainee.scheme.practice_backdate_days = 3650
    db.session.commit()
    assert services.log_entry(db.session, trainee, _details(people, date(2025, 6, 2)), TODAY)


def test_a_person_not_yet_backfilled_counts_from_their_account(people, trainee):
    """Rows written by bulk loaders (or before 0023's backfill) have no joining time."""
    trainee.joined_scheme_at = None
    trainee.scheme.practice_backdate_days = 3650
    db.session.commit()
    assert services.log_entry(db.session, trainee, _details(people, date(2025, 6, 2)), TODAY)
    assert "on 2 June 2025" in _problem(people, trainee, date(2025, 6, 1))
