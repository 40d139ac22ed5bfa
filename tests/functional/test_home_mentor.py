"""A certified mentor's "Needs your action" at the top of their home page: proposed matches,
mentees with no contact logged in 14 days, their own supervision, certificate renewal and DBS
recheck; each count, the empty state, and only the mentor's own work."""

from __future__ import annotations

import re
from datetime import timedelta

from lms.accounts.models import Role
from lms.db import utcnow
from lms.extensions import db
from lms.home import mentor
from lms.matching.models import ContactLog
from lms.ukdates import uk_today
from tests.conftest import sign_in
from tests.factories import make_match, make_mentee, make_mentor, make_person


def _items(app, person):
    with app.test_request_context():
        return {i.key: i.count for i in mentor.items(db.session, person, uk_today())}


def _contact(match, days_ago: int) -> None:
    db.session.add(
        ContactLog(
            match_id=match.id,
            mentor_id=match.mentor_id,
            held_on=uk_today() - timedelta(days=days_ago),
            kind="phone",
            minutes=20,
            note="Talked about housing.",
        )
    )
    db.session.commit()


def _active(person, scheme, reference: str, activated_days_ago: int):
    match = make_match(person, make_mentee(scheme, reference))
    match.activated_at = utcnow() - timedelta(days=activated_days_ago)
    db.session.commit()
    return match


def test_a_mentor_with_nothing_due_is_told_all_is_done(app, client, scheme):
    maya = make_person("maya@example.org", "Maya Mentor", [Role.TRAINEE], scheme)
    make_mentor(maya)
    assert _items(app, maya) == {}
    sign_in(client, maya.email)
    page = client.get("/trainee").get_data(as_text=True)
    assert "data-mentor-home" in page and "Your training and mentoring" in page
    assert "All done: nothing needs your action" in page
    assert page.index("Needs your action") < page.index("Your route to a certificate")


def test_a_trainee_without_a_certificate_sees_no_mentor_section(client, login):
    login("trainee")
    page = client.get("/trainee").get_data(as_text=True)
    assert "data-mentor-home" not in page and "Needs your action" not in page


def test_each_count_is_the_mentors_own(app, client, scheme):
    maya = make_person("maya@example.org", "Maya Mentor", [Role.TRAINEE], scheme)
    make_mentor(maya, valid_days_left=30, supervised_days_ago=70, recheck_days_left=10)
    make_match(maya, make_mentee(scheme, "P-1"), status="proposed")
    quiet = _active(maya, scheme, "A-1", 20)  # activated 20 days ago, never contacted
    _contact(_active(maya, scheme, "A-2", 40), days_ago=15)  # last contact 15 days ago
    _contact(_active(maya, scheme, "A-3", 40), days_ago=3)  # contacted lately
    _active(maya, scheme, "A-4", 5)  # activated 5 days ago: not yet due
    _active(maya, scheme, "A-5", 14)  # activated exactly 14 days ago: due
    make_match(maya, make_mentee(scheme, "Z-1"), status="paused")
    other = make_person("olly@example.org", "Olly Other", [Role.TRAINEE], scheme)
    make_mentor(other)
    make_match(other, make_mentee(scheme, "O-1"), status="proposed")
    _active(other, scheme, "O-2", 30)
    assert _items(app, maya) == {
        "proposed": 1,
        "no_contact": 3,
        "supervision": 1,
        "renewal": 1,
        "recheck": 1,
    }
    assert _items(app, other) == {"proposed": 1, "no_contact": 1}
    _contact(quiet, days_ago=0)
    assert _items(app, maya)["no_contact"] == 2
    sign_in(client, maya.email)
    page = client.get("/trainee").get_data(as_text=True)
    assert "1 proposed match to accept or decline" in page
    assert "2 mentees with no contact logged in 14 days" in page
    block = page.split('id="needs-action"', 1)[1].split("Your route to a certificate", 1)[0]
    for link in set(re.findall(r'href="([^"]+)"', block)):
        assert client.get(link).status_code == 200, link


def test_renewal_counts_the_window_and_not_suspended_certificates(app, scheme):
    maya = make_person("maya@example.org", "Maya Mentor", [Role.TRAINEE], scheme)
    cert = make_mentor(maya, valid_days_left=61)  # the 60-day renewal window opens tomorrow
    assert "renewal" not in _items(app, maya)
    cert.valid_until = uk_today() + timedelta(days=60)
    db.session.commit()
    assert _items(app, maya)["renewal"] == 1
    cert.suspended_at = utcnow()  # suspended: a coordinator's matter, not a renewal
    db.session.commit()
    assert "renewal" not in _items(app, maya)


def test_an_older_overdue_check_replaced_by_a_newer_one_is_not_due(app, people, scheme):
    from tests.factories import record_vetting

    maya = make_person("maya@example.org", "Maya Mentor", [Role.TRAINEE], scheme)
    make_mentor(maya, recheck_days_left=5)
    assert _items(app, maya)["recheck"] == 1
    newer = uk_today()  # a newer certificate (the latest is by certificate date)
    record_vetting(
        maya, people["coordinator"], recheck_due=newer + timedelta(days=400), certificate_date=newer
    )
    assert "recheck" not in _items(app, maya)


def test_the_mentors_counts_link_to_my_mentees_filtered_to_what_was_counted(app, client, scheme):
    maya = make_person("maya@example.org", "Maya Mentor", [Role.TRAINEE], scheme)
    make_mentor(maya)
    make_match(maya, make_mentee(scheme, "P-1"), status="proposed")
    _active(maya, scheme, "Q-1", 20)  # quiet: no contact in 20 days
    _contact(_active(maya, scheme, "C-1", 40), days_ago=2)  # contacted lately
    other = make_person("olly@example.org", "Olly Other", [Role.TRAINEE], scheme)
    make_mentor(other)
    make_match(other, make_mentee(scheme, "O-1"), status="proposed")
    sign_in(client, maya.email)
    home = client.get("/trainee").get_data(as_text=True)
    assert "/matching/my-mentees?show=proposed" in home
    assert "/matching/my-mentees?show=no-contact" in home

    proposed = client.get("/matching/my-mentees?show=proposed").get_data(as_text=True)
    assert "Filter on" in proposed and "Proposed matches to accept or decline" in proposed
    assert "P-1" in proposed and "Q-1" not in proposed and "C-1" not in proposed
    assert "O-1" not in proposed  # another mentor's proposal is never listed

    quiet = client.get("/matching/my-mentees?show=no-contact").get_data(as_text=True)
    assert "Q-1" in quiet and "P-1" not in quiet and "C-1" not in quiet

    everything = client.get("/matching/my-mentees?show=nonsense").get_data(as_text=True)
    assert "Filter on" not in everything
    assert all(ref in everything for ref in ("P-1", "Q-1", "C-1"))


def test_a_filter_with_nothing_in_it_says_all_is_done(client, scheme):
    maya = make_person("maya@example.org", "Maya Mentor", [Role.TRAINEE], scheme)
    make_mentor(maya)
    _contact(_active(maya, scheme, "C-1", 40), days_ago=2)
    sign_in(client, maya.email)
    page = client.get("/matching/my-mentees?show=proposed").get_data(as_text=True)
    assert "None at the moment: all done." in page and "C-1" not in page
