"""Every home-page count links to a list filtered to exactly what was counted: the list shows
the counted rows and not others, says which filter is on, and offers a way to clear it."""

from __future__ import annotations

import re
from datetime import timedelta

from lms.accounts.models import Role
from lms.db import utcnow
from lms.extensions import db
from lms.home import coordinator
from lms.matching.models import ContactLog
from lms.ukdates import uk_date, uk_today
from tests.factories import (
    make_match,
    make_mentee,
    make_mentor,
    make_person,
    make_scheme,
    record_vetting,
)


def _urls(app, found) -> dict[str, tuple[int, str]]:
    return {item.key: (item.count, item.url) for item in found}


def _coordinator(app, person):
    with app.test_request_context():
        return _urls(app, coordinator.items(db.session, person, uk_today()))


def _filtered(client, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    assert "data-filter-on" in page and "Clear the filter" in page, url
    return page


def test_match_filters_list_exactly_the_counted_matches(app, client, login, people, scheme):
    meg = make_person("meg@example.org", "Meg Mentor", [Role.TRAINEE], scheme)
    make_mentor(meg, capacity=9)
    paused = make_match(meg, make_mentee(scheme, "PAUSED-1"), status="paused")
    proposed = make_match(meg, make_mentee(scheme, "PROPOSED-1"), status="proposed")
    quiet = make_match(meg, make_mentee(scheme, "QUIET-1"))
    quiet.activated_at = utcnow() - timedelta(days=30)
    busy = make_match(meg, make_mentee(scheme, "BUSY-1"))
    busy.activated_at = utcnow() - timedelta(days=30)
    db.session.add(
        ContactLog(match_id=busy.id, mentor_id=meg.id, held_on=uk_today(), kind="phone", minutes=5)
    )
    other = make_scheme("other", "Other Scheme")
    oz = make_person("oz@example.org", "Oz", [Role.TRAINEE], other)
    make_mentor(oz)
    make_match(oz, make_mentee(other, "FAR-1"), status="paused")
    far_quiet = make_match(oz, make_mentee(other, "FAR-2"))
    far_quiet.activated_at = utcnow() - timedelta(days=30)
    db.session.commit()
    found = _coordinator(app, people["coordinator"])
    assert found["paused"][0] == found["proposed"][0] == found["no_contact"][0] == 1
    login("coordinator")
    shown = {}
    for key in ("paused", "proposed", "no_contact"):
        page = _filtered(client, found[key][1])
        shown[key] = {int(x) for x in re.findall(r'data-match="(\d+)"', page)}
    assert shown == {"paused": {paused.id}, "proposed": {proposed.id}, "no_contact": {quiet.id}}
    assert "No contact logged" in client.get(found["no_contact"][1]).get_data(as_text=True)
    # Clearing the filter is the plain dashboard.
    assert "data-filter-on" not in client.get("/matching/").get_data(as_text=True)


def test_an_empty_filter_says_so(client, login):
    login("coordinator")
    page = _filtered(client, "/matching/?state=no-contact")
    assert "None: nothing to do here." in page


def test_rechecks_certificates_and_releases_list_what_was_counted(
    app, client, login, people, scheme
):
    today = uk_today()
    me = people["coordinator"]
    due = make_person("due@example.org", "Dee Due", [Role.TRAINEE], scheme)
    record_vetting(due, me, recheck_due=today + timedelta(days=10))
    fine = make_person("fine@example.org", "Fay Fine", [Role.TRAINEE], scheme)
    record_vetting(fine, me, recheck_due=today + timedelta(days=300))
    expiring = make_mentor(
        make_person("exp@example.org", "Ed Expiring", [Role.TRAINEE], scheme),
        valid_days_left=30,
    )
    lasting = make_mentor(make_person("last@example.org", "Lee Lasting", [Role.TRAINEE], scheme))
    review = make_mentor(make_person("rev@example.org", "Rae Review", [Role.TRAINEE], scheme))
    review.suspended_at, review.suspended_reason = utcnow(), "Under review"
    review.review_date = today - timedelta(days=1)
    waiting = make_mentee(scheme, "WAIT-1", in_custody=True, release_date=today + timedelta(days=3))
    matched = make_mentee(scheme, "MATCHED-1", in_custody=True, release_date=today + timedelta(2))
    make_match(lasting.person, matched)
    db.session.commit()
    found = _coordinator(app, me)
    assert found["rechecks"][0] == found["expiring"][0] == found["reviews"][0] == 1
    assert found["releases"][0] == 1
    login("coordinator")
    rechecks = _filtered(client, found["rechecks"][1])
    assert "Dee Due" in rechecks and "Fay Fine" not in rechecks
    page = _filtered(client, found["expiring"][1])
    assert expiring.number in page and lasting.number not in page and review.number not in page
    page = _filtered(client, found["reviews"][1])
    assert review.number in page and expiring.number not in page
    page = _filtered(client, found["releases"][1])
    assert waiting.reference in page and matched.reference not in page
    everyone = client.get("/certificates/scheme").get_data(as_text=True)
    assert all(c.number in everyone for c in (expiring, lasting, review))
    assert "data-filter-on" not in everyone


def test_unknown_filter_values_show_the_whole_list(client, login, people):
    login("coordinator")
    assert client.get("/matching/?state=nonsense").status_code == 200
    page = client.get("/certificates/scheme?expiring=9999").get_data(as_text=True)
    assert "data-filter-on" not in page
    assert "data-filter-on" not in client.get("/vetting/?due=7").get_data(as_text=True)


def test_supervision_due_lists_the_mentors_counted(app, client, login, people, scheme):
    from lms.home import trainer

    due = make_person("due@example.org", "Dee Due", [Role.TRAINEE], scheme)
    make_mentor(due, supervised_days_ago=70)
    fine = make_person("fine@example.org", "Fay Fine", [Role.TRAINEE], scheme)
    make_mentor(fine)
    other = make_person("far@example.org", "Far Due", [Role.TRAINEE], make_scheme("o", "Other"))
    make_mentor(other, supervised_days_ago=70)
    with app.test_request_context():
        found = _urls(app, trainer.items(db.session, people["trainer"], utcnow(), uk_today()))
    assert found["supervision"][0] == 1
    login("trainer")
    page = _filtered(client, found["supervision"][1])
    assert "Dee Due" in page and "Fay Fine" not in page and "Far Due" not in page
    everyone = client.get("/matching/supervision").get_data(as_text=True)
    assert "Dee Due" in everyone and "Fay Fine" in everyone


def test_practice_and_observed_sessions_link_to_their_own_kind(app, client, login, people):
    from lms.home import trainer
    from tests.factories import make_practice_entry

    me = people["trainer"]
    shadow = make_practice_entry(people["trainee"], me)
    observed = make_practice_entry(people["trainee"], me, kind="observed", days_ago=2)
    with app.test_request_context():
        found = _urls(app, trainer.items(db.session, me, utcnow(), uk_today()))
    assert found["practice"][0] == found["observed"][0] == 1
    login("trainer")
    page = _filtered(client, found["observed"][1])
    assert f"/review/{observed.id}/sign-off" in page and f"/review/{shadow.id}" not in page
    page = _filtered(client, found["practice"][1])
    assert f'value="{shadow.id}"' in page and f"/review/{observed.id}" not in page
    everyone = client.get("/practice/queue").get_data(as_text=True)
    assert f'value="{shadow.id}"' in everyone and f"/review/{observed.id}/sign-off" in everyone


def test_the_active_filter_shows_each_matchs_last_contact_date(client, login, people, scheme):
    """Every active match of the scheme, with its latest contact's date or "No contact logged";
    paused matches and other schemes' matches are not listed; the dashboard links to it."""
    meg = make_person("meg@example.org", "Meg Mentor", [Role.TRAINEE], scheme)
    make_mentor(meg, capacity=9)
    heard = make_match(meg, make_mentee(scheme, "HEARD-1"))
    heard.activated_at = utcnow() - timedelta(days=30)
    silent = make_match(meg, make_mentee(scheme, "SILENT-1"))
    paused = make_match(meg, make_mentee(scheme, "PAUSED-1"), status="paused")
    for days_ago in (20, 3):
        db.session.add(
            ContactLog(
                match_id=heard.id,
                mentor_id=meg.id,
                held_on=uk_today() - timedelta(days=days_ago),
                kind="phone",
                minutes=5,
            )
        )
    other = make_scheme("other", "Other Scheme")
    oz = make_person("oz@example.org", "Oz", [Role.TRAINEE], other)
    make_mentor(oz)
    far = make_match(oz, make_mentee(other, "FAR-1"))
    db.session.commit()
    login("coordinator")
    assert "/matching/?state=active" in client.get("/matching/").get_data(as_text=True)
    page = _filtered(client, "/matching/?state=active")
    assert "Active matches and last contact" in page
    rows = dict(
        re.findall(r'data-match="(\d+)">.*?<td[^>]*>[^<]*</td>\s*<td[^>]*>([^<]+)</td>', page, re.S)
    )
    assert rows == {
        str(heard.id): uk_date(uk_today() - timedelta(days=3)),
        str(silent.id): "No contact logged",
    }
    assert str(paused.id) not in rows and str(far.id) not in rows
