"""Revocation in plain sight: a proposed revocation on the certificate's page, the PDF withheld
from the holder of a suspended or revoked certificate, and verification pages that never say
"Valid until" under a "not valid" banner and always name the issuing scheme and its contact."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.certificates import services
from lms.extensions import db
from lms.notifications.models import Notification
from lms.ukdates import uk_date, uk_today
from tests.conftest import csrf_token, sign_in
from tests.factories import make_definition, make_eligible, make_person


@pytest.fixture
def cert(people):
    definition = make_definition()
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    issued = services.issue(
        db.session,
        people["trainer"],
        people["trainee"],
        definition,
        services.IssueSettings("https://lms.test"),
        today=uk_today(),
    )
    db.session.commit()
    return issued


@pytest.fixture
def second_admin(people):
    return make_person("admin2@example.org", "Ada Second", [Role.ADMIN], people["admin"].scheme)


def _suspend(people, cert) -> None:
    week = uk_today() + timedelta(days=7)
    services.suspend(db.session, people["coordinator"], cert, "Concern", week, today=uk_today())


def _switch(client, person, cert) -> None:
    token = csrf_token(client, f"/certificates/{cert.number}")
    client.post("/sign-out", data={"csrf_token": token})
    sign_in(client, person.email)


def _page(client, cert) -> str:
    return client.get(f"/certificates/{cert.number}").get_data(as_text=True)


def test_a_proposed_revocation_shows_and_hides_the_proposal_form(
    client, login, people, cert, second_admin
):
    """While a revocation waits, the page says who proposed it and when, and offers no second
    proposal; the other admins are told, the proposer is not. A decline lifts the banner."""
    login("coordinator")
    assert "Propose revoking this certificate" in _page(client, cert)
    assert "Revocation proposed by" not in _page(client, cert)
    proposal = services.propose_revocation(db.session, people["coordinator"], cert, "Breach")
    db.session.commit()
    waiting = (
        f"Revocation proposed by {people['coordinator'].name} on "
        f"{uk_date(proposal.proposed_at)}, waiting for a second admin."
    )
    page = _page(client, cert)
    assert waiting in page and "Propose revoking this certificate" not in page
    assert "Decide on the revocation" not in page  # the coordinator cannot decide
    told = set(
        db.session.scalars(
            select(Notification.person_id).where(Notification.kind == "revocation-proposed")
        )
    )
    assert told == {people["admin"].id, second_admin.id}
    _switch(client, second_admin, cert)
    page = _page(client, cert)
    assert waiting in page and "Decide on the revocation" in page
    assert "Breach" not in page.split("waiting for a second admin")[0][-400:]
    services.decide_revocation(db.session, second_admin, proposal, approve=False, note="No")
    db.session.commit()
    page = _page(client, cert)
    assert "Revocation proposed by" not in page and "Propose revoking this certificate" in page


def test_the_holder_does_not_see_a_proposal(client, login, people, cert):
    """A proposal is not a decision: the holder's page does not show it."""
    services.propose_revocation(db.session, people["coordinator"], cert, "Breach")
    db.session.commit()
    login("trainee")
    assert "Revocation proposed" not in _page(client, cert)


@pytest.mark.parametrize("state", ["suspended", "revoked"])
def test_the_pdf_is_withheld_from_the_holder_of_a_stopped_certificate(
    client, login, people, cert, second_admin, state
):
    """The holder is no longer offered the PDF (no button, and the address refuses); a
    coordinator still downloads it for the record."""
    login("trainee")
    assert "Download the certificate (PDF)" in _page(client, cert)
    assert client.get(f"/certificates/{cert.number}/certificate.pdf").status_code == 200
    if state == "suspended":
        _suspend(people, cert)
    else:
        proposal = services.propose_revocation(db.session, people["coordinator"], cert, "Why")
        services.decide_revocation(db.session, second_admin, proposal, approve=True, note="Ok")
    db.session.commit()
    page = _page(client, cert)
    assert "Download the certificate (PDF)" not in page
    assert f"This certificate is {state}, so it cannot be downloaded" in page
    assert client.get(f"/certificates/{cert.number}/certificate.pdf").status_code == 403
    _switch(client, people["coordinator"], cert)
    assert client.get(f"/certificates/{cert.number}/certificate.pdf").status_code == 200


def _verify(client, cert) -> str:
    return client.get(f"/verify/{cert.number}").get_data(as_text=True)


def test_verification_names_the_scheme_and_how_to_contact_it(client, cert):
    """A valid certificate's check says until when, who issued it and how to reach them."""
    page = _verify(client, cert)
    assert "This certificate is valid" in page and "Valid until" in page
    assert "Demo Scheme" in page
    assert "Contact Demo Scheme. They issued it" in page
    cert.scheme.contact_email = "help@demo-scheme.org"
    db.session.commit()
    page = _verify(client, cert)
    assert 'href="mailto:help@demo-scheme.org"' in page and "Contact Demo Scheme at" in page


def test_a_not_valid_page_does_not_say_valid_until(client, people, cert):
    """Under the "not valid" banner there is no "Valid until"; the scheme is still named."""
    _suspend(people, cert)
    db.session.commit()
    page = _verify(client, cert)
    assert "This certificate is not valid" in page
    assert "Valid until" not in page and uk_date(cert.valid_until) not in page
    assert "Demo Scheme" in page


def test_an_expired_page_says_when_it_ended_not_valid_until(client, cert):
    """After its last day, the page says "Ended on" with the date, never "Valid until"."""
    cert.valid_from = uk_today() - timedelta(days=800)
    cert.valid_until = uk_today() - timedelta(days=1)
    db.session.commit()
    page = _verify(client, cert)
    assert "This certificate has expired" in page
    assert "Valid until" not in page and "Ended on" in page
    assert uk_date(cert.valid_until) in page and "Demo Scheme" in page
