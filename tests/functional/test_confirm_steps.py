"""Confirmation steps: issuing a certificate, withdrawing a practice session and ending a match
each show what will happen on a GET page, change nothing until its POST, and refuse the step
when it no longer applies."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.certificates.models import Certificate
from lms.extensions import db
from lms.matching.models import ACTIVE, ENDED, Match
from lms.practice.models import PracticeEntry
from lms.ukdates import uk_date, uk_today
from tests.conftest import csrf_token
from tests.factories import make_definition, make_eligible, make_module, make_practice_entry
from tests.mentoring import accepted_match, certified_mentor

ISSUE = "/certificates/people/{}/issue/core-peer-mentor"


def _post(client, path, data=None):
    return client.post(path, data={**(data or {}), "csrf_token": csrf_token(client, path)})


def _actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def test_issuing_is_confirmed_on_a_page_that_says_what_will_happen(client, login, people):
    """The person page links to the confirmation; the GET shows holder, dates and competences
    and issues nothing; the POST issues. Once held, the address goes to renewal instead."""
    make_definition()
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    login("trainer")
    url = ISSUE.format(people["trainee"].id)
    person_page = client.get(f"/certificates/people/{people['trainee'].id}").text
    assert f'href="{url}"' in person_page
    page = client.get(url).text
    assert "Issue Certificate core-peer-mentor?" in page and people["trainee"].name in page
    assert f"{uk_date(uk_today())} to " in page and "Yes, issue the certificate" in page
    granted = page.split(">Competences</dt>", 1)[1].split("</div>", 1)[0]
    # The competences the certificate grants, in words.
    assert "<li>mentor people in the criminal justice system as a peer</li>" in granted
    assert db.session.scalars(select(Certificate)).all() == []
    response = _post(client, url)
    cert = db.session.scalars(select(Certificate)).one()
    assert response.headers["Location"].endswith(f"/certificates/{cert.number}")
    again = client.get(url)
    assert again.status_code == 302 and again.headers["Location"].endswith(
        f"/certificates/{cert.number}/renew"
    )
    page = client.get(again.headers["Location"], follow_redirects=True).text
    assert "is not in its renewal window yet" in page


def test_the_issue_confirmation_refuses_someone_not_yet_eligible(client, login, people):
    """No confirmation page for someone not eligible: back to their page, saying what is
    missing."""
    make_definition()
    make_module("sample")
    login("trainer")
    response = client.get(ISSUE.format(people["trainee"].id), follow_redirects=True)
    assert "is not eligible yet" in response.text and "Supervised hours: 0 of 2" in response.text
    assert "Yes, issue the certificate" not in response.text


def test_withdrawing_a_session_is_confirmed_first(client, login, people):
    """The entry page links to the confirmation; the GET shows the session and what
    withdrawing does and changes nothing; the POST withdraws, audited."""
    entry = make_practice_entry(people["trainee"], people["trainer"])
    login("trainee")
    url = f"/practice/{entry.id}/withdraw"
    assert f'href="{url}"' in client.get(f"/practice/{entry.id}").text
    page = client.get(url).text
    assert (
        "Withdraw the session on" in page and "It will not count towards your certificate" in page
    )
    assert people["trainer"].name in page and "Yes, withdraw it" in page
    db.session.expire_all()
    assert db.session.get(PracticeEntry, entry.id).status == "pending"
    assert "practice.withdrawn" not in _actions()
    _post(client, url)
    db.session.expire_all()
    assert db.session.get(PracticeEntry, entry.id).status == "withdrawn"
    assert _actions()[-1] == "practice.withdrawn"
    again = client.get(url, follow_redirects=True).text
    assert "withdrawn, so it cannot be changed" in again and "Yes, withdraw it" not in again


def test_a_confirmed_session_has_no_withdraw_confirmation(client, login, people):
    entry = make_practice_entry(people["trainee"], people["trainer"], status="confirmed")
    login("trainee")
    page = client.get(f"/practice/{entry.id}/withdraw", follow_redirects=True).text
    assert "already confirmed this session" in page and "Yes, withdraw it" not in page


@pytest.fixture
def active(people) -> Match:
    return accepted_match(people, certified_mentor(people), "M-301")


def test_ending_a_match_is_confirmed_with_who_asked_and_why(client, login, people, active):
    """The match page links to the confirmation; the GET ends nothing; a POST missing who asked
    shows the error on the confirmation page; a full POST ends the match, audited."""
    login("coordinator")
    url = f"/matching/matches/{active.id}/end"
    assert f'href="{url}"' in client.get(f"/matching/matches/{active.id}").text
    page = client.get(url).text
    assert "End this match?" in page and "It cannot be resumed" in page
    assert "Yes, end the match" in page and 'name="end-reason"' in page
    db.session.expire_all()
    assert db.session.get(Match, active.id).status == ACTIVE
    bad = _post(client, url, {"end-reason": "Moved away"})
    assert bad.status_code == 400 and 'id="end-requested_by-error"' in bad.text
    assert "govuk-error-summary" in bad.text and "End this match?" in bad.text
    db.session.expire_all()
    assert db.session.get(Match, active.id).status == ACTIVE
    done = _post(client, url, {"end-reason": "Moved away", "end-requested_by": "mentee"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Match, active.id).status == ENDED
    assert _actions()[-1] == "match.ended"
    again = client.get(url, follow_redirects=True).text
    assert "This match has already ended." in again and "Yes, end the match" not in again
