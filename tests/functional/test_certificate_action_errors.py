"""Suspending, reinstating and proposing a revocation use the one error pattern: a refused or
incomplete form shows the certificate page again (400) with the red error summary and the
message on the field, keeping what was typed; nothing changes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.certificates import services
from lms.certificates.models import RevocationProposal
from lms.extensions import db
from lms.ukdates import uk_today
from tests.conftest import csrf_token
from tests.factories import make_definition, make_eligible


@pytest.fixture
def cert(people):
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    issued = services.issue(
        db.session,
        people["trainer"],
        people["trainee"],
        make_definition(),
        services.IssueSettings("https://lms.test"),
        today=uk_today(),
    )
    db.session.commit()
    return issued


def _post(client, cert, action: str, **data):
    url = f"/certificates/{cert.number}"
    return client.post(f"{url}/{action}", data={**data, "csrf_token": csrf_token(client, url)})


def test_suspending_without_a_review_date_shows_the_error_summary(client, login, cert):
    login("coordinator")
    response = _post(client, cert, "suspend", reason="Concern raised by probation")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in page and "Enter a review date" in page
    assert 'href="#review_date"' in page
    assert "Concern raised by probation" in page  # what was typed is kept
    db.session.refresh(cert)
    assert cert.suspended_at is None


def test_a_review_date_in_the_past_is_shown_on_the_field(client, login, cert):
    login("coordinator")
    yesterday = (uk_today() - timedelta(days=1)).isoformat()
    response = _post(client, cert, "suspend", reason="Concern", review_date=yesterday)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "govuk-error-summary" in page
    assert "govuk-error-message" in page
    db.session.refresh(cert)
    assert cert.suspended_at is None


def test_proposing_a_revocation_without_a_reason_opens_the_form_with_the_error(client, login, cert):
    login("admin")
    response = _post(client, cert, "propose-revocation", reason="")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'href="#revoke-reason"' in page and "Give a reason" in page
    assert 'govuk-details" open' in page and 'id="revoke-reason-error"' in page
    assert db.session.scalars(select(RevocationProposal)).all() == []


def test_reinstating_without_a_reason_shows_the_error_summary(client, login, people, cert):
    week = uk_today() + timedelta(days=7)
    services.suspend(db.session, people["admin"], cert, "Concern", week, today=uk_today())
    db.session.commit()
    login("coordinator")
    response = _post(client, cert, "reinstate", reason="")
    assert response.status_code == 400
    assert "govuk-error-summary" in response.get_data(as_text=True)
    db.session.refresh(cert)
    assert cert.suspended_at is not None
