"""Changing a practice entry (issue 17 review, defect 5): its backdating limit counts from the
UK day it was first logged, not from today, so a sent-back entry can be sent again however
long it waited; a changed date is checked against that limit, on the boundary days; and the
date field's hint says what the limit is."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
import time_machine
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.extensions import db
from lms.practice import services
from lms.practice.models import PENDING, REJECTED, PracticeEntry
from tests.conftest import csrf_token
from tests.factories import PRACTICE_REFLECTION

JOINED = datetime(2025, 6, 2, 12, 0, tzinfo=UTC)
# 23:30 UTC on 30 September is 00:30 on 1 October in the UK: the entry was logged on the 1st,
# so its limit reaches back 60 days to 2 August (from the UTC day it would be 1 August).
LOGGED_AT = datetime(2026, 9, 30, 23, 30, tzinfo=UTC)
LATER = date(2026, 11, 28)  # 58 days after logging: 2 August is now 118 days ago


@pytest.fixture
def trainee(people):
    person = people["trainee"]
    person.created_at = person.joined_scheme_at = JOINED
    db.session.commit()
    return person


def _details(people, day: date, **changes) -> services.EntryDetails:
    details = services.EntryDetails(
        session_date=day,
        duration_minutes=60,
        kind="shadowing",
        location="Probation office",
        reflection=PRACTICE_REFLECTION,
        supervisor_id=people["trainer"].id,
    )
    return replace(details, **changes)


def _sent_back(people, trainee, day: date) -> PracticeEntry:
    """An entry dated ``day``, logged at LOGGED_AT and sent back by the trainer a day later."""
    with time_machine.travel(LOGGED_AT, tick=False):
        entry = services.log_entry(db.session, trainee, _details(people, day))
    services.reject_entry(db.session, people["trainer"], entry, "Say more about what you did.")
    db.session.commit()
    return entry


def _refused(people, trainee, entry, day: date) -> dict[str, str]:
    with pytest.raises(services.InvalidEntry) as refused:
        services.update_entry(db.session, trainee, entry, _details(people, day), LATER)
    db.session.rollback()
    return refused.value.problems


def test_a_sent_back_entry_on_the_limit_is_sent_again_weeks_later(people, trainee):
    """The reviewer's case: logged 60 days after the session, sent back, corrected 58 days
    later without changing the date, when the session is 118 days old."""
    entry = _sent_back(people, trainee, date(2026, 8, 2))
    corrected = _details(people, date(2026, 8, 2), location="Probation office, Mill Road")
    services.update_entry(db.session, trainee, entry, corrected, LATER)
    db.session.commit()
    saved = db.session.get(PracticeEntry, entry.id)
    assert (saved.status, saved.session_date, saved.location) == (
        PENDING,
        date(2026, 8, 2),
        "Probation office, Mill Road",
    )
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "practice.resubmitted")
    ).one()
    assert event.subject_id == str(entry.id) and event.details["session_date"] == "2026-08-02"


def test_a_changed_date_may_go_back_sixty_days_from_the_day_it_was_first_logged(people, trainee):
    entry = _sent_back(people, trainee, date(2026, 9, 20))
    assert _refused(people, trainee, entry, date(2026, 8, 1)) == {
        "session_date": "You first logged this session on 1 October 2026, so its date can go "
        "back 60 days from then, to 2 August 2026: check the date, or ask your trainer to "
        "record an older session"
    }
    assert db.session.get(PracticeEntry, entry.id).status == REJECTED
    services.update_entry(db.session, trainee, entry, _details(people, date(2026, 8, 2)), LATER)
    db.session.commit()
    saved = db.session.get(PracticeEntry, entry.id)
    assert (saved.status, saved.session_date) == (PENDING, date(2026, 8, 2))


def test_the_scheme_limit_counts_from_first_logging_too(people, trainee):
    trainee.scheme.practice_backdate_days = 100
    db.session.commit()
    entry = _sent_back(people, trainee, date(2026, 9, 20))
    assert (
        "go back 100 days from then, to 23 June 2026"
        in (_refused(people, trainee, entry, date(2026, 6, 22))["session_date"])
    )
    services.update_entry(db.session, trainee, entry, _details(people, date(2026, 6, 23)), LATER)
    assert db.session.get(PracticeEntry, entry.id).session_date == date(2026, 6, 23)


def test_a_pending_entry_changed_the_day_it_was_logged(people, trainee):
    """On the day of logging the limit is the same as for a new entry: 60 days back."""
    with time_machine.travel(LOGGED_AT, tick=False):
        entry = services.log_entry(db.session, trainee, _details(people, date(2026, 9, 30)))
        db.session.commit()
        problems = _refused(people, trainee, entry, date(2026, 8, 1))
        assert "to 2 August 2026" in problems["session_date"]
        services.update_entry(db.session, trainee, entry, _details(people, date(2026, 8, 2)))
    assert db.session.get(PracticeEntry, entry.id).session_date == date(2026, 8, 2)


def test_an_unchanged_date_from_before_joining_is_still_refused(people, trainee):
    """Keeping the date skips only the backdating limit: never a day before joining."""
    entry = _sent_back(people, trainee, date(2026, 9, 20))
    db.session.execute(
        PracticeEntry.__table__.update()
        .where(PracticeEntry.id == entry.id)
        .values(session_date=date(2025, 6, 1))
    )
    db.session.commit()
    db.session.refresh(entry)
    assert (
        "before Trainee joined the scheme on 2 June 2025"
        in (_refused(people, trainee, entry, date(2025, 6, 1))["session_date"])
    )


def test_the_page_sends_it_again_and_the_hint_gives_the_limit(client, login, people, trainee):
    entry = _sent_back(people, trainee, date(2026, 8, 2))
    with time_machine.travel(datetime(2026, 11, 28, 12, 0, tzinfo=UTC), tick=False):
        login("trainee")
        page = client.get("/practice/new").get_data(as_text=True)
        assert (
            "The day you did it, not in the future: no more than 60 days ago. "
            "Your trainer can record older sessions for you."
        ) in page
        path = f"/practice/{entry.id}/edit"
        page = client.get(path).get_data(as_text=True)
        assert (
            "The day you did it, not in the future: no more than 60 days before you first "
            "logged it on 1 October 2026. Your trainer can record older sessions for you."
        ) in page
        data = {
            "session_date": "2026-08-02",
            "duration": "60",
            "kind": "shadowing",
            "location": "Probation office",
            "supervisor": str(people["trainer"].id),
            "reflection": PRACTICE_REFLECTION + " I also wrote up the notes.",
            "pathway": "none",
            "csrf_token": csrf_token(client, path),
        }
        response = client.post(path, data=data)
    assert response.headers["Location"] == f"/practice/{entry.id}"
    db.session.expire_all()
    saved = db.session.get(PracticeEntry, entry.id)
    assert saved.status == PENDING and saved.reflection.endswith("I also wrote up the notes.")


def test_the_hint_names_the_joining_day_when_it_is_later_than_the_limit(
    client, login, people, trainee
):
    trainee.joined_scheme_at = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    db.session.commit()
    with time_machine.travel(datetime(2026, 11, 28, 12, 0, tzinfo=UTC), tick=False):
        login("trainee")
        page = client.get("/practice/new").get_data(as_text=True)
    assert (
        "no more than 60 days ago, and not before you joined the scheme on 1 November 2026."
    ) in page
