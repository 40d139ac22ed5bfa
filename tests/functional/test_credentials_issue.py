"""Every issued certificate gets a signed OpenBadgeCredential, with the holder only as a hash."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from lms.credentials import badges, proofs
from lms.credentials.models import BadgeCredential
from lms.extensions import db
from tests.credentials import credential_of, issue_certificate


def test_issuing_a_certificate_signs_a_credential(app, people):
    cert = issue_certificate(people)
    vc = credential_of(cert)
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert vc["id"] == f"http://lms.test/certificates/{cert.number}/credential.json"
    assert vc["issuer"]["id"] == "did:web:lms.test"
    assert vc["validUntil"].endswith("T23:59:59Z") or vc["validUntil"].endswith("T22:59:59Z")
    assert proofs.verify(vc) == "did:web:lms.test"
    subject = vc["credentialSubject"]
    (ident,) = subject["identifier"]
    expected = hashlib.sha256((people["trainee"].email_key + ident["salt"]).encode()).hexdigest()
    assert ident["identityHash"] == f"sha256${expected}" and ident["identityType"] == "emailAddress"
    assert people["trainee"].name not in str(vc)
    assert [a["targetCode"] for a in subject["achievement"]["alignment"]] == cert.competences
    purposes = [s["statusPurpose"] for s in vc["credentialStatus"]]
    assert purposes == ["revocation", "suspension"]


def test_no_key_in_production_still_issues_the_certificate(app, people, caplog):
    app.config.update(CREDENTIAL_SIGNING_KEY=None, CREDENTIAL_KEY_FILE="/nonexistent/key.pem")
    cert = issue_certificate(people)
    assert cert.id is not None
    assert badges.for_certificate(db.session, cert) is None
    assert "No credential signing key" in caplog.text


def test_backfill_issues_what_is_missing(app, people, runner, credential_key):
    app.config.update(CREDENTIAL_SIGNING_KEY=None, CREDENTIAL_KEY_FILE="/nonexistent/key.pem")
    cert = issue_certificate(people)
    app.config.update(CREDENTIAL_SIGNING_KEY=credential_key, CREDENTIAL_KEY_FILE=None)
    result = runner.invoke(args=["credentials", "backfill"])
    assert result.exit_code == 0, result.output
    assert "1 credential" in result.output
    assert proofs.verify(credential_of(cert))
    again = runner.invoke(args=["credentials", "backfill"])
    assert "0 credential" in again.output
    assert len(db.session.scalars(select(BadgeCredential)).all()) == 1
