"""Matching pages: candidates, proposing and changing matches, the dashboard, the register, demo."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from sqlalchemy import event, func, select

from lms.accounts.models import Role
from lms.audit.models import AuditEvent
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.matching.models import Match, Mentee, MentorProfile
from lms.ukdates import uk_today
from tests.conftest import csrf_token
from tests.factories import make_match, make_mentee, make_mentor, make_person


def _post(client, path: str, data: dict | None = None, form_page: str = "/matching/"):
    token = csrf_token(client, form_page)
    payload = {"csrf_token": token}
    for key, value in (data or {}).items():
        payload[key] = value
        if "-" in key:  # prefixed forms carry their own CSRF field
            payload[f"{key.split('-')[0]}-csrf_token"] = token
    return client.post(path, data=payload)


def _mentor(people, email: str, name: str, **kwargs):
    person = make_person(email, name, [Role.TRAINEE], people["coordinator"].scheme)
    make_mentor(person, **kwargs)
    return person


@pytest.fixture
def mentee(people):
    return make_mentee(
        people["coordinator"].scheme,
        "LS-100",
        created_by=people["coordinator"],
        needs=["housing", "debt"],
        area="Leeds",
    )


def test_candidates_list_eligible_with_fit_and_blocked_with_every_reason(
    client, login, people, mentee
):
    """Eligible mentors show why they fit; blocked mentors show every reason in plain words."""
    good = _mentor(people, "g@example.org", "Gail Good", needs=("housing", "debt"))
    _mentor(people, "b@example.org", "Ben Blocked", vetting_level=None, available=False)
    login("coordinator")
    page = client.get(f"/matching/mentees/{mentee.id}/candidates").get_data(as_text=True)
    eligible, blocked = page.split("Mentors who cannot be matched yet")
    assert "Gail Good" in eligible and "Shares needs: housing, debt" in eligible
    assert f"/matching/mentees/{mentee.id}/candidates/{good.id}" in eligible
    assert "Propose match" in eligible and "Ben Blocked" not in eligible
    assert "Ben Blocked" in blocked
    assert "No DBS check is recorded" in blocked and "not taking new matches" in blocked


def test_propose_activate_pause_resume_and_end_through_the_pages(client, login, people, mentee):
    """A match goes proposed, active, paused, active, ended; each step audited."""
    mentor = _mentor(people, "g@example.org", "Gail Good")
    other = _mentor(people, "h@example.org", "Hal Next")
    login("coordinator")
    response = _post(client, f"/matching/mentees/{mentee.id}/candidates/{mentor.id}")
    match = db.session.scalars(select(Match)).one()
    path = f"/matching/matches/{match.id}"
    assert response.headers["Location"].endswith(path)
    page = client.get(path).get_data(as_text=True)
    assert "Proposed" in page and "Make the match active" in page

    _post(client, f"{path}/activate")
    db.session.refresh(match)
    assert match.status == "active"

    refused = _post(client, f"{path}/pause", {"pause-reason": ""})
    bad = refused.get_data(as_text=True)
    assert refused.status_code == 400  # the one error pattern: re-rendered with 400
    assert 'id="pause-reason-error"' in bad and "Say why the match is being paused" in bad
    _post(client, f"{path}/pause", {"pause-reason": "Mentor unwell for two weeks"})
    db.session.refresh(match)
    assert match.status == "paused" and match.paused_reason == "Mentor unwell for two weeks"
    assert "Mentor unwell for two weeks" in client.get("/matching/").get_data(as_text=True)

    _post(client, f"{path}/resume")
    db.session.refresh(match)
    assert match.status == "active"

    bad = _post(client, f"{path}/end", {"end-reason": "Moved away"}).get_data(as_text=True)
    assert 'id="end-requested_by-error"' in bad
    response = _post(
        client, f"{path}/end", {"end-reason": "Moved away", "end-requested_by": "mentee"}
    )
    db.session.refresh(match)
    assert match.status == "ended" and match.end_requested_by == "mentee"
    after = client.get(response.headers["Location"]).get_data(as_text=True)
    offer = after.split("Offer another mentor")[1]
    assert "Hal Next" in offer and "Gail Good" not in offer
    assert f"/matching/mentees/{mentee.id}/candidates/{other.id}" in offer
    actions = set(db.session.scalars(select(AuditEvent.action)))
    assert {
        "match.proposed",
        "match.activated",
        "match.paused",
        "match.resumed",
        "match.ended",
    } <= actions


def test_proposal_refused_at_submit_shows_the_gates_reasons(client, login, people, mentee):
    """If a mentor stops being eligible after the page was shown, the reasons are shown."""
    mentor = _mentor(people, "g@example.org", "Gail Good")
    login("coordinator")
    token = csrf_token(client, f"/matching/mentees/{mentee.id}/candidates")
    profile = db.session.scalars(select(MentorProfile)).one()
    profile.available = False
    db.session.commit()
    response = client.post(
        f"/matching/mentees/{mentee.id}/candidates/{mentor.id}", data={"csrf_token": token}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Gail Good cannot be matched with LS-100" in page and "not taking new matches" in page
    assert db.session.scalars(select(Match)).all() == []


def test_resume_through_the_gate_shows_why_not(client, login, people, mentee):
    """A match paused for a suspended certificate cannot be resumed until it is reinstated."""
    mentor = _mentor(people, "g@example.org", "Gail Good")
    cert = db.session.scalars(select(Certificate)).one()
    cert.suspended_at, cert.review_date = cert.issued_at, uk_today() + timedelta(days=7)
    match = make_match(mentor, mentee, "paused")
    login("coordinator")
    response = _post(client, f"/matching/matches/{match.id}/resume")
    page = response.get_data(as_text=True)
    assert response.status_code == 409 and "is suspended" in page and "Nothing was changed" in page
    db.session.refresh(match)
    assert match.status == "paused"


def test_dashboard_shows_releases_mentor_states_and_matches(client, login, people):
    """Releases without a mentor, mentors by state with reasons, paused and active matches."""
    scheme, coordinator = people["coordinator"].scheme, people["coordinator"]
    today = uk_today()
    ready = _mentor(people, "r@example.org", "Rae Ready", capacity=3)
    _mentor(people, "e@example.org", "Eli Expiring", valid_days_left=30)
    _mentor(people, "s@example.org", "Sol Stale", supervised_days_ago=80)
    soon = make_mentee(
        scheme, "SOON-1", created_by=coordinator, in_custody=True, release_date=today + timedelta(3)
    )
    covered = make_mentee(
        scheme, "SOON-2", created_by=coordinator, in_custody=True, release_date=today + timedelta(4)
    )
    make_mentee(
        scheme,
        "LATER-3",
        created_by=coordinator,
        in_custody=True,
        release_date=today + timedelta(30),
    )
    make_match(ready, covered, "active")
    paused_mentee = make_mentee(scheme, "P-4", created_by=coordinator)
    make_match(ready, paused_mentee, "paused")
    login("coordinator")
    page = client.get("/matching/").get_data(as_text=True)
    releases = page.split('id="releases"')[1].split('id="paused"')[0]
    assert "SOON-1" in releases and "SOON-2" not in releases and "LATER-3" not in releases
    assert f"/matching/mentees/{soon.id}/candidates" in releases
    paused = page.split('id="paused"')[1].split('id="mentors"')[0]
    assert "P-4" in paused and "Certificate suspended" in paused
    mentors = page.split('id="mentors"')[1].split('id="active"')[0]
    counts, rest = mentors.split("Certificate expiring within 60 days (")
    assert "/matching/mentors?state=matchable" in counts
    assert "/matching/mentors?state=blocked" in counts
    expiring, blocked = rest.split("Cannot be matched (")
    assert "Eli Expiring" in expiring and "Rae Ready" not in expiring
    assert "Sol Stale" in blocked and "No supervision since" in blocked
    assert "Supervision overdue" in blocked, "blocked mentors are counted by kind of reason"
    assert "SOON-2" in page.split('id="active"')[1]
    listed = client.get("/matching/mentors?state=matchable").get_data(as_text=True)
    assert "Rae Ready" in listed and "Sol Stale" not in listed and "Eli Expiring" not in listed
    assert "0 of 3 places taken" not in listed and "1 of 3 places taken" not in listed
    assert "2 of 3 places taken" in listed, "the active and the paused match take places"
    stale = client.get("/matching/mentors?state=blocked").get_data(as_text=True)
    assert "Sol Stale" in stale and "No supervision since" in stale and "Rae Ready" not in stale
    everyone = client.get("/matching/mentors").get_data(as_text=True)
    assert all(name in everyone for name in ("Rae Ready", "Eli Expiring", "Sol Stale"))
    unknown = client.get("/matching/mentors?state=bogus&page=1")
    assert unknown.status_code == 200 and "Sol Stale" in unknown.get_data(as_text=True)
    assert client.get("/matching/mentors?page=-3").status_code == 400  # 1-9 ASCII digits only


def test_dashboard_queries_do_not_grow_with_mentors(client, login, people):
    """The dashboard runs the same number of queries for 2 mentors as for 6."""
    scheme, coordinator = people["coordinator"].scheme, people["coordinator"]
    login("coordinator")

    def queries() -> int:
        count = 0

        def count_it(*args):
            nonlocal count
            count += 1

        event.listen(db.engine, "before_cursor_execute", count_it)
        try:
            assert client.get("/matching/").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count_it)
        return count

    def add(i: int) -> None:
        mentor = _mentor(people, f"m{i}@example.org", f"Mentor {i}")
        mentee = make_mentee(scheme, f"Q-{i}", created_by=coordinator, in_custody=True)
        make_match(mentor, mentee, "active" if i % 2 else "paused")

    for i in range(2):
        add(i)
    few = queries()
    for i in range(2, 6):
        add(i)
    assert queries() == few


def test_register_csv_has_every_mentor_and_safe_cells(client, login, people):
    """The accreditation register lists each mentor's certificate and cannot run formulas."""
    mentor = _mentor(people, "f@example.org", "=HYPERLINK(1)", capacity=3)
    mentee = make_mentee(people["coordinator"].scheme, "C-1", created_by=people["coordinator"])
    make_match(mentor, mentee, "active")
    login("coordinator")
    response = client.get("/matching/register.csv")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0] == [
        "Mentor",
        "Certificate number",
        "Certificate",
        "Status",
        "Expiry",
        "DBS recheck due",
        "Last supervision",
        "Load",
    ]
    cert = db.session.scalars(select(Certificate)).one()
    row = rows[1]
    assert row[0] == "'=HYPERLINK(1)" and row[1] == cert.number and row[3] == "Valid"
    assert row[4] == cert.valid_until.isoformat() and row[5] and row[6] and row[7] == "1/3"


def test_seed_demo_has_the_required_cases_and_a_second_run_changes_nothing(app):
    """Demo: release within 14 days without a mentor, under-18, MAPPA, every certificate state,
    a mentor blocked for each reason, active, paused and ended matches; idempotent."""
    from lms.certificates.status import status_on
    from lms.demo import seed_demo
    from lms.matching.dashboard.services import BLOCKED, mentor_states, with_reasons
    from lms.matching.matches import ranking

    seed_demo(db.session)
    db.session.commit()

    def counts():
        return [
            db.session.scalar(select(func.count()).select_from(model))
            for model in (Mentee, Match, Certificate, MentorProfile, AuditEvent)
        ]

    before = counts()
    seed_demo(db.session)
    db.session.commit()
    assert counts() == before

    today = uk_today()
    mentees = {m.reference: m for m in db.session.scalars(select(Mentee))}
    soon = mentees["DEMO-001"]
    assert soon.in_custody and soon.release_date <= today + timedelta(days=14)
    assert not any(m.mentee_id == soon.id for m in db.session.scalars(select(Match)))
    assert mentees["DEMO-002"].under_18
    assert mentees["DEMO-003"].mappa_level and not mentees["DEMO-003"].probation_agreed
    assert sorted(db.session.scalars(select(Match.status))) == [
        "active",
        "active",
        "active",  # the demo mentor's (lms/matching/demo_mentor.py), with contacts
        "ended",
        "paused",
        "proposed",  # the demo mentor's, to accept or decline
    ]
    states = {
        status_on(c, today, c.definition.renewal_window_days)
        for c in db.session.scalars(select(Certificate))
    }
    assert {"valid", "expiring", "expired", "suspended", "revoked"} <= states
    for cert in db.session.scalars(select(Certificate)):
        assert cert.pdf.startswith(b"%PDF")

    scheme_id = soon.scheme_id
    codes = {
        reason.code
        for state in with_reasons(
            db.session,
            [s for s in mentor_states(db.session, scheme_id, today) if s.state == BLOCKED],
            scheme_id,
            today,
        )
        for reason in state.reasons
    }
    for mentee in mentees.values():
        for result in ranking.candidates(db.session, mentee, today).blocked:
            codes |= set(result.codes)
    assert codes >= {
        "certificate_expired",
        "certificate_suspended",
        "certificate_revoked",
        "missing_competence",
        "vetting_missing",
        "vetting_recheck_due",
        "supervision_overdue",
        "unavailable",
        "at_capacity",
        "conflict_declared",
        "gender_preference",
        "probation_agreement_missing",
    }
    assert ranking.candidates(db.session, mentees["DEMO-002"], today).eligible
    assert any(s.state == "matchable" for s in mentor_states(db.session, scheme_id, today))
