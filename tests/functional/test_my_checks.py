"""'Your supervision and checks' at the top of My mentees: the mentor's last supervision, when the
next is due (the trainers' overdue rule), their DBS recheck date and what to do about each; the
mentor home's supervision and recheck items link to them."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from lms.accounts.models import Role
from lms.extensions import db
from lms.home import mentor as mentor_home
from lms.matching.mine.checks import my_checks
from lms.matching.supervision.services import supervision_due_query
from lms.ukdates import uk_date, uk_today
from tests.conftest import sign_in
from tests.factories import make_mentor, make_person


def _page(client, person) -> str:
    sign_in(client, person.email)
    return client.get("/matching/my-mentees").get_data(as_text=True)


def _shown(page: str, attribute: str) -> str:
    found = re.search(rf"<p[^>]*{attribute}[^>]*>(.*?)</p>", page, re.S)
    assert found, attribute
    return re.sub(r"<[^>]+>", "", found.group(1)).strip()


def test_a_mentor_sees_their_last_and_next_supervision_and_dbs_recheck(client, scheme):
    maya = make_person("maya@example.org", "Maya Mentor", [Role.TRAINEE], scheme)
    make_mentor(maya, supervised_days_ago=7, recheck_days_left=200)
    page = _page(client, maya)
    assert page.index("Your supervision and checks") < page.index("You have no matches yet")
    held = uk_today() - timedelta(days=7)
    assert _shown(page, "data-last-supervised") == f"Last session {uk_date(held)}"
    weeks = scheme.supervision_interval_weeks
    due = uk_date(held + timedelta(weeks=weeks))
    assert _shown(page, "data-supervision-due") == f"Next session due by {due}"
    recheck = uk_date(uk_today() + timedelta(days=200))
    assert _shown(page, "data-recheck-due") == f"Recheck due by {recheck}"
    assert "Ask a trainer for a supervision session." in page
    assert "Your coordinator arranges your DBS recheck." in page
    assert 'id="supervision"' in page and 'id="dbs-recheck"' in page


def test_overdue_supervision_and_a_close_recheck_are_flagged_and_linked_from_home(
    app, client, scheme
):
    maya = make_person("maya@example.org", "Maya Mentor", [Role.TRAINEE], scheme)
    make_mentor(maya, supervised_days_ago=70, recheck_days_left=10)
    page = _page(client, maya)
    due = uk_date(
        uk_today() - timedelta(days=70) + timedelta(weeks=scheme.supervision_interval_weeks)
    )
    assert _shown(page, "data-supervision-due") == f"Overdue Your next session was due by {due}"
    assert _shown(page, "data-recheck-due").startswith("Due soon Recheck due by")
    home = client.get("/trainee").get_data(as_text=True)
    assert 'href="/matching/my-mentees#supervision"' in home
    assert 'href="/matching/my-mentees#dbs-recheck"' in home


def test_never_supervised_counts_from_the_first_certificate_and_no_check_is_said(client, scheme):
    maya = make_person("maya@example.org", "Maya Mentor", [Role.TRAINEE], scheme)
    make_mentor(maya, supervised_days_ago=None, vetting_level=None, issued_days_ago=10)
    page = _page(client, maya)
    assert _shown(page, "data-last-supervised") == "No supervision session recorded yet"
    due = uk_today() - timedelta(days=10) + timedelta(weeks=scheme.supervision_interval_weeks)
    assert _shown(page, "data-supervision-due") == f"Next session due by {uk_date(due)}"
    assert _shown(page, "data-recheck-due") == "No DBS check recorded"


def test_a_trainee_without_a_certificate_sees_no_checks(client, login):
    login("trainee")
    page = client.get("/matching/my-mentees").get_data(as_text=True)
    assert "Your supervision and checks" not in page


@pytest.mark.parametrize("days_ago", [27, 28, 29])
def test_overdue_agrees_with_the_trainers_list_at_the_boundary(app, scheme, days_ago):
    """The scheme's own interval (here 4 weeks): due on day 28, overdue from day 29, the same
    day the trainers' supervision list first counts the mentor."""
    scheme.supervision_interval_weeks = 4
    maya = make_person("maya@example.org", "Maya Mentor", [Role.TRAINEE], scheme)
    make_mentor(maya, supervised_days_ago=days_ago)
    found = my_checks(db.session, maya, uk_today())
    assert found.supervision_due == uk_today() - timedelta(days=days_ago) + timedelta(weeks=4)
    listed = db.session.scalars(supervision_due_query(scheme.id, uk_today(), 4)).all()
    assert found.supervision_overdue == (maya.id in listed) == (days_ago > 28)
    with app.test_request_context():
        keys = {i.key for i in mentor_home.items(db.session, maya, uk_today())}
    assert ("supervision" in keys) == (days_ago > 28)


def test_a_check_entered_in_error_is_not_the_mentors_recheck_date(client, scheme, people):
    from lms.vetting import services as vetting
    from lms.vetting.models import VettingCheck

    maya = make_person("maya@example.org", "Maya Mentor", [Role.TRAINEE], scheme)
    make_mentor(maya, recheck_days_left=200)
    wrong = VettingCheck(
        person_id=maya.id,
        scheme_id=scheme.id,
        level="enhanced",
        certificate_date=uk_today() - timedelta(days=10),
        recheck_due=uk_today() + timedelta(days=900),
        recorded_by_id=people["coordinator"].id,
    )
    db.session.add(wrong)
    db.session.commit()
    assert uk_date(uk_today() + timedelta(days=900)) in _shown(
        _page(client, maya), "data-recheck-due"
    )
    vetting.mark_in_error(db.session, people["coordinator"], wrong, "Typed the wrong year")
    db.session.commit()
    shown = _shown(client.get("/matching/my-mentees").get_data(as_text=True), "data-recheck-due")
    assert shown == f"Recheck due by {uk_date(uk_today() + timedelta(days=200))}"
