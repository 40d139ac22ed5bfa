"""A DBS check's recheck date counts only up to the scheme's interval after its certificate (or
its last Update Service status check): the issue's 1990 -> 2099 CRB check, recorded before the
dates were checked, is not current anywhere (eligibility, the gate's Python and SQL sides, home
counts, lists), a sane check is unaffected, SQL month arithmetic agrees with Python's, and
``flask vetting check-dates`` reports the record."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask import Flask
from sqlalchemy import Date, func, literal, select

from lms.accounts.models import Person, Role
from lms.certificates.eligibility import latest_vetting, vetting_requirement
from lms.certificates.eligible_sql import meets
from lms.extensions import db
from lms.home import coordinator, mentor
from lms.matching import gate
from lms.matching.mine.checks import my_checks
from lms.matching.models import Mentee
from lms.ukdates import add_months, uk_today
from lms.vetting import dates, services
from lms.vetting.models import VettingCheck
from lms.vetting.recheck_sql import months_after
from tests.factories import make_mentee, make_mentor, make_person

RECHECK_CODES = {"vetting_missing", "vetting_recheck_due"}


def _mentor_with_check(people, scheme, **check) -> tuple[Person, VettingCheck]:
    """A certified, supervised mentor whose only DBS check is ``check``, stored as given (as
    an old record was, without today's date rules)."""
    mo = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], scheme)
    make_mentor(mo, today=uk_today(), vetting_level=None)
    values = {"level": "enhanced_barred", "kind": "dbs", "update_service": False}
    stored = VettingCheck(
        person_id=mo.id,
        scheme_id=scheme.id,
        recorded_by_id=people["coordinator"].id,
        **{**values, **check},
    )
    db.session.add(stored)
    db.session.commit()
    return mo, stored


def _gate_codes(mo, scheme, today) -> tuple[set[str], set[str]]:
    """The DBS reasons the Python gate and the SQL screening give for Mo."""
    mentee = make_mentee(scheme, f"M-{db.session.scalar(select(func.count(Mentee.id)))}")
    python = set(gate.check(db.session, mo, mentee, today).codes) & RECHECK_CODES
    screened = {row.id: row for row in gate.screening.screen(db.session, scheme.id, mentee, today)}
    return python, set(screened[mo.id].codes) & RECHECK_CODES


def _eligible(mo, today) -> tuple[bool, bool]:
    """Eligibility's Python requirement and its SQL twin for an enhanced check."""
    python = vetting_requirement(latest_vetting(db.session, mo), "enhanced", today).met
    found = select(Person.id).where(meets("none-such", {"vetting_level": "enhanced"}, today))
    return python, mo.id in db.session.scalars(found).all()


@pytest.mark.parametrize(
    ("day", "months"),
    [
        (date(2024, 1, 31), 1),
        (date(2024, 2, 29), 12),
        (date(2024, 2, 29), 36),
        (date(2023, 3, 31), 11),
        (date(2025, 8, 31), 30),
        (date(2024, 12, 15), 13),
        (date(2012, 12, 1), 36),
    ],
)
def test_sql_month_arithmetic_is_add_months(app: Flask, day: date, months: int):
    """The same day ``months`` later, or the month's last day, on SQLite and PostgreSQL."""
    found = db.session.scalar(select(months_after(literal(day, Date), literal(months))))
    assert found == add_months(day, months)


def test_the_issues_1990_to_2099_crb_check_is_not_current(
    app: Flask, client, login, people, scheme
):
    today = uk_today()
    mo, crb = _mentor_with_check(
        people,
        scheme,
        kind="crb",
        certificate_date=date(1990, 3, 1),
        recheck_due=date(2099, 1, 1),
    )
    assert crb.effective_recheck_due == date(1993, 3, 1) and crb.recheck_corrected
    assert dates.effective_recheck_due(crb, 36) == date(1993, 3, 1)
    requirement = vetting_requirement(latest_vetting(db.session, mo), "enhanced", today)
    assert requirement.progress == "A recheck was due on 1 March 1993."
    assert _eligible(mo, today) == (False, False)
    assert _gate_codes(mo, scheme, today) == ({"vetting_recheck_due"}, {"vetting_recheck_due"})
    reason = gate.check(db.session, mo, make_mentee(scheme, "M-X"), today).reasons
    assert "The DBS recheck was due on 1 March 1993. Record the new check." in [
        r.message for r in reason
    ]
    assert db.session.scalars(services.rechecks_due_query(scheme.id, today)).all() == [crb.id]
    assert my_checks(db.session, mo, today).recheck_due == date(1993, 3, 1)
    with app.test_request_context():
        assert {i.key for i in mentor.items(db.session, mo, today)} >= {"recheck"}
        counts = {
            i.key: i.count for i in coordinator.items(db.session, people["coordinator"], today)
        }
        assert counts["rechecks"] == 1
    login("coordinator")
    overdue = client.get("/vetting/?status=overdue").get_data(as_text=True)
    assert "Mo Mentor" in overdue and "1 March 1993 (corrected to the scheme's interval)" in overdue
    assert "Mo Mentor" not in client.get("/vetting/?status=current").get_data(as_text=True)
    page = client.get(f"/vetting/people/{mo.id}").get_data(as_text=True)
    assert (
        "recheck date corrected to 1 March 1993 (the scheme's interval of 3 years; "
        "recorded as 1 January 2099)"
    ) in page


def test_a_sane_check_is_unaffected(app: Flask, client, login, people, scheme):
    """Due exactly 3 years after its certificate: counted as recorded, current everywhere."""
    today = uk_today()
    issued = today - timedelta(days=400)
    mo, check = _mentor_with_check(
        people, scheme, certificate_date=issued, recheck_due=add_months(issued, 36)
    )
    assert check.effective_recheck_due == check.recheck_due and not check.recheck_corrected
    assert _eligible(mo, today) == (True, True)
    assert _gate_codes(mo, scheme, today) == (set(), set())
    assert db.session.scalars(services.rechecks_due_query(scheme.id, today)).all() == []
    assert my_checks(db.session, mo, today).recheck_due == check.recheck_due
    login("coordinator")
    page = client.get(f"/vetting/people/{mo.id}").get_data(as_text=True)
    assert "corrected" not in page
    assert "Mo Mentor" in client.get("/vetting/?status=current").get_data(as_text=True)


def test_the_update_service_status_check_moves_the_cap_and_the_scheme_sets_it(
    app: Flask, people, scheme
):
    """On the Update Service, the interval runs from the last status check; a shorter scheme
    interval brings the cap forward on every side (Python, SQL, gate, eligibility)."""
    today = uk_today()
    checked = today - timedelta(days=100)
    mo, check = _mentor_with_check(
        people,
        scheme,
        certificate_date=date(2015, 1, 31),
        update_service=True,
        update_service_checked_on=checked,
        recheck_due=add_months(checked, 36),
    )
    assert check.effective_recheck_due == check.recheck_due
    assert _eligible(mo, today) == (True, True)
    assert _gate_codes(mo, scheme, today) == (set(), set())
    scheme.dbs_recheck_months = 1  # the cap is now a month after the status check: passed
    db.session.commit()
    db.session.expire_all()
    check = db.session.get(VettingCheck, check.id)
    assert check.effective_recheck_due == add_months(checked, 1)
    assert dates.effective_recheck_due(check, 1) == check.effective_recheck_due
    assert _eligible(mo, today) == (False, False)
    assert _gate_codes(mo, scheme, today) == ({"vetting_recheck_due"}, {"vetting_recheck_due"})


def test_check_dates_reports_checks_that_break_the_rules(runner, people, scheme):
    _, crb = _mentor_with_check(
        people, scheme, kind="crb", certificate_date=date(1990, 3, 1), recheck_due=date(2099, 1, 1)
    )
    result = runner.invoke(args=["vetting", "check-dates"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"Mo Mentor <mo@example.org>: CRB check {crb.id} (dated 1 March 1990, recheck "
        "1 January 2099; counts until 1 March 1993). Certificate date: A CRB check cannot be "
        "dated before 11 March 2002: correct the date.",
        "Checks with dates that break the rules: 1",
    ]
