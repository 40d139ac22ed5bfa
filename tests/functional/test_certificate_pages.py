"""Certificate pages: the trainee's route, issuing, downloading, suspending, revoking."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.certificates.models import Certificate, RevocationProposal
from lms.extensions import db
from tests.conftest import csrf_token, sign_in
from tests.factories import make_definition, make_eligible, make_module, make_person, make_scheme


@pytest.fixture
def definition(app):
    return make_definition()


def _issue_through_site(client, people):
    url = f"/certificates/people/{people['trainee'].id}"
    token = csrf_token(client, url)
    return client.post(f"{url}/issue/core-peer-mentor", data={"csrf_token": token})


def test_trainee_sees_their_route_with_progress(client, login, definition):
    """The trainee's certificate page lists each requirement with progress."""
    make_module("sample")
    login("trainee")
    page = client.get("/certificates/").get_data(as_text=True)
    assert "Certificate core-peer-mentor" in page
    assert "Supervised hours: 0 of 2 confirmed." in page and "To do" in page


def test_trainer_issues_and_everyone_entitled_downloads_the_same_bytes(
    client, login, people, definition
):
    """Issued through the site; the holder downloads exactly the stored PDF."""
    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    login("trainer")
    response = _issue_through_site(client, people)
    assert response.status_code == 302
    cert = db.session.scalars(select(Certificate)).one()
    assert response.headers["Location"].endswith(f"/certificates/{cert.number}")
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/trainer")})
    login("trainee")
    pdf = client.get(f"/certificates/{cert.number}/certificate.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    assert pdf.data == cert.pdf and pdf.headers["ETag"] == f'"{cert.pdf_sha256}"'


def test_issue_refused_when_not_eligible_says_what_is_missing(client, login, people, definition):
    """Issuing someone not yet eligible shows what is missing and issues nothing."""
    make_module("sample")
    login("trainer")
    response = _issue_through_site(client, people)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is not eligible yet" in page and "Supervised hours: 0 of 2" in page
    assert db.session.scalars(select(Certificate)).all() == []


def test_other_schemes_cannot_see_or_download(client, people, definition):
    """A trainer of another scheme gets 404 for the certificate and its PDF."""
    from lms.certificates import services
    from lms.ukdates import uk_today

    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    cert = services.issue(
        db.session,
        people["trainer"],
        people["trainee"],
        definition,
        services.IssueSettings("https://lms.test"),
        today=uk_today(),
    )
    db.session.commit()
    outsider = make_person("o@other.org", "Oz", [Role.TRAINER], make_scheme("other", "Other"))
    sign_in(client, outsider.email)
    assert client.get(f"/certificates/{cert.number}").status_code == 404
    assert client.get(f"/certificates/{cert.number}/certificate.pdf").status_code == 404
    assert client.get(f"/certificates/people/{people['trainee'].id}").status_code == 404


def test_coordinator_suspends_reinstates_and_proposes_admin_decides(
    client, login, people, definition
):
    """Suspension and revocation through the pages, with the two-person rule."""
    from lms.certificates import services
    from lms.ukdates import uk_today

    make_eligible(people["trainee"], people["trainer"], people["coordinator"])
    cert = services.issue(
        db.session,
        people["trainer"],
        people["trainee"],
        definition,
        services.IssueSettings("https://lms.test"),
        today=uk_today(),
    )
    db.session.commit()
    login("coordinator")
    url = f"/certificates/{cert.number}"
    client.post(
        f"{url}/suspend",
        data={
            "reason": "Concern raised",
            "review_date": "2099-01-01",
            "csrf_token": csrf_token(client, url),
        },
    )
    assert "Suspended" in client.get(url).get_data(as_text=True)
    client.post(
        f"{url}/reinstate", data={"reason": "Resolved", "csrf_token": csrf_token(client, url)}
    )
    client.post(
        f"{url}/propose-revocation",
        data={"reason": "Serious breach", "csrf_token": csrf_token(client, url)},
    )
    proposal = db.session.scalars(select(RevocationProposal)).one()
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/coordinator")})
    login("admin")
    page = client.get("/certificates/revocations").get_data(as_text=True)
    assert "Serious breach" in page
    client.post(
        f"/certificates/revocations/{proposal.id}",
        data={
            "decision": "approve",
            "note": "Agreed",
            "csrf_token": csrf_token(client, "/certificates/revocations"),
        },
    )
    db.session.expire_all()
    assert db.session.get(Certificate, cert.id).revoked_at is not None
