"""A person's latest DBS check is the one with the newest certificate date, not the last one
recorded: a backfilled old CRB check recorded after the real DBS check never hides it, on the
list, the CSV, the home counts, the mentor's own checks, the matching gate and eligibility."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from flask import Flask
from sqlalchemy import select

from lms.accounts.models import Person, Role
from lms.certificates.eligibility import latest_vetting, vetting_requirement
from lms.certificates.eligible_sql import meets
from lms.extensions import db
from lms.home import coordinator, mentor
from lms.matching import gate
from lms.matching.mine.checks import my_checks
from lms.ukdates import uk_today
from lms.vetting import services
from tests.factories import make_mentee, make_mentor, make_person, record_vetting

CRB_DATE = date(2010, 3, 1)
DBS_AGE = timedelta(days=400)  # the DBS check's certificate, this long before today


def _backfilled(people, scheme, today: date):
    """A certified mentor whose DBS check (400 days old, recheck 200 days away) was recorded
    first, then a 2010 CRB check (basic, recheck long overdue) recorded later: a higher id, an
    older date."""
    mo = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], scheme)
    make_mentor(mo, today=today, vetting_level=None)
    dbs = record_vetting(
        mo,
        people["coordinator"],
        level="enhanced_barred",
        certificate_date=today - DBS_AGE,
        recheck_due=today + timedelta(days=200),
    )
    crb = record_vetting(
        mo,
        people["coordinator"],
        level="basic",
        kind="crb",
        certificate_date=CRB_DATE,
        recheck_due=date(2013, 3, 1),
    )
    assert crb.id > dbs.id
    return mo, dbs, crb


def test_the_latest_check_is_the_newest_certificate_not_the_last_recorded(people, scheme):
    """latest_checks, eligibility's latest_vetting and its SQL twin all pick the newer DBS check."""
    today = uk_today()
    mo, dbs, crb = _backfilled(people, scheme, today)
    assert services.latest_checks(db.session, [mo.id]) == {mo.id: dbs}
    assert latest_vetting(db.session, mo) == dbs
    assert [c.id for c in services.history(db.session, mo)] == [dbs.id, crb.id]
    assert vetting_requirement(dbs, "enhanced", today).met
    eligible = select(Person.id).where(meets("none-such", {"vetting_level": "enhanced"}, today))
    assert mo.id in db.session.scalars(eligible).all()


def test_an_entered_in_error_newest_check_hands_over_to_the_next(client, login, people, scheme):
    """Marking the newer DBS check in error makes the 2010 CRB check the latest (and overdue);
    marking that too leaves Mo with no check at all on the list."""
    today = uk_today()
    mo, dbs, crb = _backfilled(people, scheme, today)
    services.mark_in_error(db.session, people["coordinator"], dbs, "Wrong person")
    db.session.commit()
    assert services.latest_checks(db.session, [mo.id]) == {mo.id: crb}
    assert latest_vetting(db.session, mo) == crb
    login("coordinator")
    assert "Mo Mentor" in client.get("/vetting/?status=overdue&kind=crb").get_data(as_text=True)
    services.mark_in_error(db.session, people["coordinator"], crb, "Not theirs either")
    db.session.commit()
    assert services.latest_checks(db.session, [mo.id]) == {}
    assert "Mo Mentor" in client.get("/vetting/?status=none").get_data(as_text=True)
    assert "Mo Mentor" not in client.get("/vetting/?status=overdue").get_data(as_text=True)


def test_the_gate_lets_the_mentor_through_on_the_newer_check(people, scheme):
    """Neither the Python gate nor the SQL screening sees a missing or due check."""
    today = uk_today()
    mo, _, _ = _backfilled(people, scheme, today)
    mentee = make_mentee(scheme)
    codes = gate.check(db.session, mo, mentee, today).codes
    assert "vetting_missing" not in codes and "vetting_recheck_due" not in codes
    (many,) = gate.check_many(db.session, [mo], mentee, today)
    assert many.codes == codes
    screened = {row.id: row for row in gate.screening.screen(db.session, scheme.id, mentee, today)}
    assert not {"vetting_missing", "vetting_recheck_due"} & set(screened[mo.id].codes)


def test_home_counts_and_my_checks_follow_the_newer_check(app: Flask, people, scheme):
    """No recheck counted for the coordinator or the mentor; My mentees gives the newer date."""
    today = uk_today()
    mo, dbs, _ = _backfilled(people, scheme, today)
    assert db.session.scalars(services.rechecks_due_query(scheme.id, today)).all() == []
    with app.test_request_context():
        coordinator_items = {
            i.key: i.count for i in coordinator.items(db.session, people["coordinator"], today)
        }
        mentor_items = {i.key: i.count for i in mentor.items(db.session, mo, today)}
    assert "rechecks" not in coordinator_items and "recheck" not in mentor_items
    assert my_checks(db.session, mo, today).recheck_due == dbs.recheck_due


def test_the_list_and_csv_show_the_newer_check(client, login, people, scheme):
    """The list files Mo as current (not overdue), and the CSV row is the newer DBS check."""
    today = uk_today()
    _backfilled(people, scheme, today)
    login("coordinator")
    assert "Mo Mentor" in client.get("/vetting/?status=current").get_data(as_text=True)
    assert "Mo Mentor" not in client.get("/vetting/?status=overdue").get_data(as_text=True)
    assert "Mo Mentor" not in client.get("/vetting/?due=30").get_data(as_text=True)
    assert "Mo Mentor" not in client.get("/vetting/?kind=crb").get_data(as_text=True)
    text = client.get("/vetting/checks.csv?q=mo@").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == [
        "Mo Mentor",
        "mo@example.org",
        scheme.name,
        "Enhanced with barred lists",
        "DBS",
        (today - DBS_AGE).isoformat(),
        "No",
        "",
        (today + timedelta(days=200)).isoformat(),
        "Current",
    ]
    assert len(rows) == 2
