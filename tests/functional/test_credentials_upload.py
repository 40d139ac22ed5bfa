"""The public verify page checks an uploaded credential (.json) as it checks a PDF: genuine (our
key signed it), unchanged (the credential we stored), and the record's public status."""

from __future__ import annotations

import json

import pytest

from lms.credentials import did, keys
from lms.extensions import db
from tests.credentials import credential_of, issue_certificate, revoke
from tests.functional.test_pdf_signing_upload import answers, upload


@pytest.fixture
def app_config(app_config):
    app_config["RATELIMIT_VERIFY"] = "1000 per minute"
    return app_config


def _send(client, document) -> tuple[int, dict[str, str], str]:
    data = document if isinstance(document, bytes) else json.dumps(document).encode()
    page = upload(client, data, "credential.json")
    html = page.get_data(as_text=True)
    return page.status_code, answers(html), html


def test_a_downloaded_credential_is_genuine_unchanged_and_valid(client, people):
    cert = issue_certificate(people)
    status, found, html = _send(client, credential_of(cert))
    assert status == 200
    assert found == {
        "genuine": "Yes: it is signed by this service",
        "unchanged": "Yes: it is exactly the file we issued",
        "status": "Yes",
    }
    assert cert.number in html and "This certificate is valid" in html


def test_a_changed_credential_is_not_genuine(client, people):
    cert = issue_certificate(people)
    document = credential_of(cert)
    document["validUntil"] = "2099-01-01T00:00:00Z"
    status, found, html = _send(client, document)
    assert status == 200 and found["genuine"].startswith("No")
    assert "This file is not a genuine certificate" in html and cert.number not in html


def test_a_revoked_certificates_credential_is_not_valid(client, people):
    cert = issue_certificate(people)
    document = credential_of(cert)
    revoke(people, cert)
    _, found, _ = _send(client, document)
    assert found["genuine"].startswith("Yes") and found["status"] == "No: it is not valid"


def test_a_credential_signed_by_someone_else_is_not_genuine(client, people):
    """A valid proof by a did:key that is not one of ours is not "signed by this service"."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from lms.credentials import proofs

    cert = issue_certificate(people)
    document = credential_of(cert)
    document.pop("proof")
    stranger = keys.IssuerKey(Ed25519PrivateKey.generate())
    as_key = did.did_key(stranger)
    document["issuer"] = {**document["issuer"], "id": as_key}
    signed = proofs.sign(document, key=stranger, method=f"{as_key}#{stranger.multibase}")
    _, found, _ = _send(client, signed)
    assert found["genuine"].startswith("No")


def test_our_credential_with_a_second_proof_is_genuine_but_not_the_file_we_issued(client, people):
    """A proof set (ours and, say, an endorser's) is still signed by this service; it is not
    byte for byte what we issued, so it is not "unchanged"."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from lms.credentials import proofs

    cert = issue_certificate(people)
    other = keys.IssuerKey(Ed25519PrivateKey.generate())
    as_key = did.did_key(other)
    document = proofs.add_proof(credential_of(cert), other, method=f"{as_key}#{other.multibase}")
    assert isinstance(document["proof"], list) and len(document["proof"]) == 2
    _, found, _ = _send(client, document)
    assert found["genuine"] == "Yes: it is signed by this service"
    assert found["unchanged"].startswith("No")
    document["proof"][1]["proofValue"] = document["proof"][1]["proofValue"][:-2] + "11"
    _, found, _ = _send(client, document)  # one broken proof in the set: not genuine
    assert found["genuine"].startswith("No")


@pytest.mark.parametrize(
    "data",
    [b"{not json", b'{"id": "no proof here"}', b"[1, 2]", b"\xff\xfe{"],
)
def test_what_is_not_a_credential_gets_a_clear_error(client, people, data):
    status, _, html = _send(client, data)
    assert status == 400 and "govuk-error-summary" in html
    assert "could not be read as a credential" in html or "must be the PDF" in html
    db.session.rollback()
