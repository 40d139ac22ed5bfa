"""Practice rules that need no database: dates, durations, reflections, labels, the checklist."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from lms.practice import services
from lms.practice.checklist import CHECKLIST_IDS, OBSERVATION_CHECKLIST
from lms.practice.requirements import CORE_PRACTICE, PracticeNeeds
from lms.ukdates import uk_today


def test_today_is_the_uk_date_not_the_utc_date():
    """At 23:30 UTC in summer it is already tomorrow in the UK."""
    assert uk_today(datetime(2026, 6, 1, 23, 30, tzinfo=UTC)) == date(2026, 6, 2)
    assert uk_today(datetime(2026, 1, 1, 23, 30, tzinfo=UTC)) == date(2026, 1, 1)


def test_date_may_be_today_or_earlier_but_not_later():
    """A session cannot be logged for a day that has not happened."""
    today = date(2026, 3, 10)
    assert services.date_problem(today, today) is None
    assert services.date_problem(date(2026, 3, 9), today) is None
    assert "today or in the past" in services.date_problem(date(2026, 3, 11), today)
    assert services.date_problem(None, today) == "Enter the date of the session"


@pytest.mark.parametrize(
    ("minutes", "problem"),
    [
        (15, None),
        (720, None),
        (90, None),
        (0, "Choose how long the session was"),
        (None, "Choose how long the session was"),
        (20, "Choose a time in steps of 15 minutes"),
        (735, "A session can be 12 hours at most"),
    ],
)
def test_duration_is_in_quarter_hours_up_to_twelve_hours(minutes, problem):
    """Durations come in 15-minute steps, from 15 minutes to 12 hours."""
    assert services.duration_problem(minutes) == problem


def test_duration_choices_cover_every_quarter_hour():
    """The select offers 48 choices, 15 minutes to 12 hours, in plain words."""
    offered = services.duration_choices()
    assert len(offered) == 48
    assert offered[0] == (15, "15 minutes")
    assert offered[3] == (60, "1 hour")
    assert offered[5] == (90, "1 hour 30 minutes")
    assert offered[-1] == (720, "12 hours")


def test_reflection_needs_forty_words_and_says_how_many_were_written():
    """A short reflection is refused with the count so far."""
    assert services.reflection_problem(" ".join(["word"] * 40)) is None
    message = services.reflection_problem(" ".join(["word"] * 12))
    assert message == "Write at least 40 words about the session. You have written 12."
    assert services.reflection_problem("   ") == "Write what you did and what you learned"


def test_location_is_required_and_short():
    """Where is required and at most 200 characters."""
    assert services.location_problem("Probation office") is None
    assert services.location_problem("  ") == "Enter where the session took place"
    assert "200 characters" in services.location_problem("x" * 201)


def test_totals_compare_confirmed_practice_with_the_needs():
    """Hours show as people write them, and each need is met or not on its own."""
    totals = services.PracticeTotals(
        minutes=14 * 60 + 30, sessions=4, observed_passed=1, needs=CORE_PRACTICE
    )
    assert totals.hours_text == "14.5"
    assert not totals.hours_met and totals.sessions_met and not totals.observed_met
    assert not totals.all_met
    done = services.PracticeTotals(20 * 60, 4, 2, PracticeNeeds(hours=20, sessions=4, observed=2))
    assert done.hours_text == "20" and done.all_met


def test_core_practice_needs_twenty_hours_four_sessions_two_observations():
    """Until certificate definitions supply them, the core needs are fixed in code."""
    assert (CORE_PRACTICE.hours, CORE_PRACTICE.sessions, CORE_PRACTICE.observed) == (20, 4, 2)


def test_checklist_has_the_required_items_with_unique_ids():
    """Certificates refer to checklist items by id, so ids are unique and present."""
    ids = [item.id for item in OBSERVATION_CHECKLIST]
    assert len(ids) == len(set(ids)) == len(CHECKLIST_IDS)
    texts = {item.text for item in OBSERVATION_CHECKLIST}
    assert {
        "Keeps boundaries",
        "Listens actively",
        "Agrees the limits of confidentiality",
        "Signposts appropriately",
        "Keeps the focus on the mentee",
        "Records the session factually",
    } <= texts
