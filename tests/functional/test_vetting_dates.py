"""DBS check dates that make sense (boundary days of each rule), CRB checks, the scheme's recheck
interval and the Update Service, and marking a check entered in error."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.certificates.eligibility import latest_vetting, vetting_requirement
from lms.extensions import db
from lms.matching import gate
from lms.matching.matches import ranking
from lms.ukdates import uk_today
from lms.vetting import services
from lms.vetting.models import VettingCheck
from tests.conftest import csrf_token
from tests.factories import make_mentee, make_mentor

TODAY = date(2026, 11, 28)


def _details(**changes) -> services.CheckDetails:
    values = {
        "level": "enhanced",
        "certificate_date": date(2026, 1, 10),
        "update_service": False,
        "recheck_due": date(2029, 1, 10),
        "kind": "dbs",
        "update_service_checked_on": None,
    }
    return services.CheckDetails(**{**values, **changes})


def _record(people, **changes) -> VettingCheck:
    return services.record_check(
        db.session, people["coordinator"], people["trainee"], _details(**changes), TODAY
    )


def _refused(people, field: str, **changes) -> str:
    with pytest.raises(services.VettingError) as refused:
        _record(people, **changes)
    db.session.rollback()
    assert refused.value.field == field
    return refused.value.message


def test_the_certificate_date_may_be_today_but_not_tomorrow(people):
    assert _record(people, certificate_date=TODAY, recheck_due=TODAY).id
    message = _refused(
        people,
        "certificate_date",
        certificate_date=TODAY + timedelta(days=1),
        recheck_due=TODAY + timedelta(days=2),
    )
    assert "today or in the past" in message


def test_a_dbs_check_cannot_predate_the_dbs_but_a_crb_check_can(people):
    assert _record(people, certificate_date=date(2012, 12, 1), recheck_due=date(2015, 12, 1))
    message = _refused(
        people,
        "certificate_date",
        certificate_date=date(2012, 11, 30),
        recheck_due=date(2015, 1, 1),
    )
    assert "1 December 2012" in message and "CRB" in message
    crb = _record(
        people, kind="crb", certificate_date=date(2012, 11, 30), recheck_due=date(2015, 11, 30)
    )
    assert crb.kind == "crb" and crb.kind_label == "CRB check"
    # The issue's example: 1 March 1990 is before any CRB check too.
    message = _refused(
        people,
        "certificate_date",
        kind="crb",
        certificate_date=date(1990, 3, 1),
        recheck_due=date(1993, 3, 1),
    )
    assert "CRB check cannot be dated before 11 March 2002" in message
    assert _record(
        people, kind="crb", certificate_date=date(2002, 3, 11), recheck_due=date(2005, 3, 11)
    )
    message = _refused(people, "certificate_date", kind="crb", certificate_date=date(2012, 12, 1))
    assert "are DBS checks" in message
    assert _refused(people, "kind", kind="pnc").startswith("Choose whether")


def test_the_recheck_is_due_within_the_schemes_interval(people):
    assert _record(people, recheck_due=date(2029, 1, 10)).id  # exactly 3 years
    message = _refused(people, "recheck_due", recheck_due=date(2029, 1, 11))
    assert "within 3 years" in message and "10 January 2029 at the latest" in message
    # The issue's example: due in 2099.
    assert _refused(people, "recheck_due", recheck_due=date(2099, 1, 1))
    assert "after the date" in _refused(people, "recheck_due", recheck_due=date(2026, 1, 9))
    people["trainee"].scheme.dbs_recheck_months = 24
    assert _record(people, recheck_due=date(2028, 1, 10)).id
    assert "within 2 years" in _refused(people, "recheck_due", recheck_due=date(2028, 1, 11))


def test_the_update_service_with_its_last_status_check_moves_the_interval(people):
    # On the Update Service but no status check recorded: the usual limit.
    assert _refused(people, "recheck_due", update_service=True, recheck_due=date(2030, 1, 1))
    on_update = {"update_service": True, "update_service_checked_on": date(2026, 11, 1)}
    check = _record(people, **on_update, recheck_due=date(2029, 11, 1))
    assert check.update_service_checked_on == date(2026, 11, 1)
    message = _refused(people, "recheck_due", **on_update, recheck_due=date(2029, 11, 2))
    assert "last Update Service status check" in message
    message = _refused(
        people,
        "update_service_checked_on",
        update_service=True,
        update_service_checked_on=TODAY + timedelta(days=1),
    )
    assert "today or in the past" in message
    message = _refused(
        people,
        "update_service_checked_on",
        update_service=True,
        update_service_checked_on=date(2026, 1, 9),
    )
    assert "on or after the date on the certificate" in message
    # A status check date without the Update Service is refused on its field, not dropped.
    message = _refused(
        people, "update_service_checked_on", update_service_checked_on=date(2026, 11, 1)
    )
    assert message.startswith('Tick "The person is on the DBS Update Service"')
    message = _refused(
        people,
        "update_service_checked_on",
        kind="crb",
        certificate_date=date(2011, 5, 1),
        recheck_due=date(2014, 5, 1),
        update_service_checked_on=date(2012, 5, 1),
    )
    assert message == "A CRB check has no Update Service status checks: leave this date empty"
    assert db.session.scalars(select(VettingCheck)).all() == []


def test_the_form_refuses_the_issues_dates_with_a_message_on_the_field(client, login, people):
    login("coordinator")
    url = f"/vetting/people/{people['trainee'].id}"
    data = {
        "kind": "dbs",
        "level": "enhanced",
        "certificate_date": "1990-03-01",
        "recheck_due": "2099-01-01",
        "csrf_token": csrf_token(client, url),
    }
    response = client.post(url, data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in page
    assert 'href="#certificate_date"' in page and "when the DBS began" in page
    # The hint and the message give the interval in the same words.
    assert "No later than 3 years after" in page
    data.update(certificate_date="2026-01-10", recheck_due="2029-01-11")
    page = client.post(url, data=data).get_data(as_text=True)
    assert 'href="#recheck_due"' in page and "The recheck must be due within 3 years of" in page
    # A status check date with the Update Service unticked: an error on that field.
    data.update(recheck_due="2029-01-10", update_service_checked_on="2026-11-01")
    page = client.post(url, data=data).get_data(as_text=True)
    assert 'href="#update_service_checked_on"' in page
    assert "to record its last status check, or leave this date empty" in page
    assert db.session.scalars(select(VettingCheck)).all() == []
    data.update(kind="crb", certificate_date="2011-05-01", recheck_due="2014-05-01")
    data.update(update_service_checked_on="")
    assert client.post(url, data=data).status_code == 302
    assert db.session.scalars(select(VettingCheck)).one().kind == "crb"


def _mark(client, check: VettingCheck, reason: str):
    url = f"/vetting/checks/{check.id}/error"
    return client.post(url, data={"reason": reason, "csrf_token": csrf_token(client, url)})


def test_a_check_entered_in_error_stays_struck_through_and_audited(client, login, people):
    check = _record(people)
    db.session.commit()
    coordinator = login("coordinator")
    page = client.get(f"/vetting/people/{people['trainee'].id}").get_data(as_text=True)
    assert f"/vetting/checks/{check.id}/error" in page
    assert client.get(f"/vetting/checks/{check.id}/error").status_code == 200
    db.session.refresh(check)
    assert not check.in_error  # showing the page changes nothing
    page = _mark(client, check, "  ").get_data(as_text=True)
    assert "Say why this check was entered in error" in page and "There is a problem" in page
    response = _mark(client, check, "Typed the wrong person's dates")
    assert response.status_code == 302
    db.session.refresh(check)
    assert check.in_error and check.entered_in_error_by_id == coordinator.id
    assert check.entered_in_error_reason == "Typed the wrong person's dates"
    event = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "vetting.entered_in_error")
    ).one()
    assert event.actor_id == coordinator.id and event.reason == "Typed the wrong person's dates"
    page = client.get(f"/vetting/people/{people['trainee'].id}").get_data(as_text=True)
    assert "<del>" in page and "Entered in error" in page and "wrong person" in page
    again = client.get(f"/vetting/checks/{check.id}/error")
    assert again.status_code == 302  # already marked: back to the history
    with pytest.raises(services.VettingError):
        services.mark_in_error(db.session, people["admin"], check, "Again")


def test_nobody_marks_their_own_check_and_outsiders_get_404(client, login, people):
    check = services.record_check(
        db.session, people["admin"], people["coordinator"], _details(), TODAY
    )
    db.session.commit()
    with pytest.raises(Exception, match="own"):
        services.mark_in_error(db.session, people["coordinator"], check, "Mine")
    db.session.rollback()
    login("trainer")
    assert client.get(f"/vetting/checks/{check.id}/error").status_code == 403


def test_a_check_in_error_stops_counting_for_eligibility_and_the_gate(people):
    today = uk_today()
    mentor = people["trainee"]
    make_mentor(mentor, today=today)
    good = latest_vetting(db.session, mentor)
    assert vetting_requirement(good, "enhanced", today).met
    mentee = make_mentee(mentor.scheme, "LS-1")
    assert gate.check(db.session, mentor, mentee, today).allowed
    listed = ranking.candidates(db.session, mentee, today, per_page=10).eligible
    assert [r.mentor.id for r in listed] == [mentor.id]
    services.mark_in_error(db.session, people["coordinator"], good, "Wrong person")
    db.session.commit()
    assert latest_vetting(db.session, mentor) is None
    assert not vetting_requirement(None, "enhanced", today).met
    refused = gate.check(db.session, mentor, mentee, today)
    assert not refused.allowed and "vetting_missing" in [r.code for r in refused.reasons]
    assert ranking.candidates(db.session, mentee, today, per_page=10).eligible == []
    assert services.latest_checks(db.session, [mentor.id]) == {}


def test_a_crb_check_cannot_be_on_the_update_service(people):
    message = _refused(
        people,
        "update_service",
        kind="crb",
        certificate_date=date(2005, 6, 1),
        recheck_due=date(2008, 6, 1),
        update_service=True,
        update_service_checked_on=TODAY,
    )
    assert "CRB check cannot be on the DBS Update Service" in message
