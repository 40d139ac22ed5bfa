"""VC 1.1 credentials at the VC-API endpoints (the W3C vc-di-eddsa suite still sends them): the
conformance issuer signs one, adding the Data Integrity context its proof needs, and the
verifier checks it with VC 1.1's own dates (issuanceDate, expirationDate)."""

from __future__ import annotations

import copy

from lms.credentials import did, keys

V1 = "https://www.w3.org/2018/credentials/v1"
DATA_INTEGRITY = "https://w3id.org/security/data-integrity/v2"


def _vc11(**changes) -> dict:
    base = {
        "@context": [V1],
        "id": "urn:uuid:86294362-4254-4f36-854f-3952fe42555d",
        "type": ["VerifiableCredential"],
        "issuer": did.did_key(keys.current_key()),
        "issuanceDate": "2020-03-16T22:37:26.544Z",
        "credentialSubject": {"id": "did:example:subject"},
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def _issue(client, credential):
    return client.post("/credentials/issue", json={"credential": credential})


def _verify(client, credential):
    return client.post("/credentials/verify", json={"verifiableCredential": credential})


def test_a_vc11_credential_is_signed_and_verifies(app, client):
    response = _issue(client, _vc11())
    assert response.status_code == 201, response.get_json()
    signed = response.get_json()["verifiableCredential"]
    assert signed["@context"] == [V1, DATA_INTEGRITY]  # the proof's terms are defined
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    checked = _verify(client, signed)
    assert checked.status_code == 200, checked.get_json()
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["id"] = "did:example:someone-else"
    refused = _verify(client, tampered)
    assert refused.status_code == 422
    assert refused.get_json()["errors"][0]["name"] == "PROOF_VERIFICATION_ERROR"


def test_a_context_already_there_is_not_added_twice(app, client):
    signed = _issue(client, _vc11(**{"@context": [V1, DATA_INTEGRITY]})).get_json()
    assert signed["verifiableCredential"]["@context"] == [V1, DATA_INTEGRITY]


def test_vc11_dates_are_checked_for_form(app, client):
    missing = _issue(client, _vc11(issuanceDate=None))
    assert missing.status_code == 422
    assert "issuanceDate is missing" in missing.get_json()["errors"][0]["message"]
    garbled = _issue(client, _vc11(expirationDate="next year"))
    assert garbled.status_code == 422
    assert "expirationDate must be a date and time" in garbled.get_json()["errors"][0]["message"]


def test_an_expired_vc11_credential_is_reported_expired(app, client):
    signed = _issue(client, _vc11(expirationDate="2021-01-01T00:00:00Z")).get_json()
    response = _verify(client, signed["verifiableCredential"])
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert any(e["name"] == "VALIDITY_ERROR" and "expirationDate" in e["message"] for e in errors)
