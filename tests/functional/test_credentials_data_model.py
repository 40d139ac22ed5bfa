"""The VC-API endpoints hold credentials to the VC Data Model 2.0: issue refuses (422, the problem
named) what breaks it, never mending it, and verify reports a malformed credential, never a 500."""

from __future__ import annotations

import pytest

from lms.credentials import did
from tests.credentials import credential_of, issue_certificate

V2 = "https://www.w3.org/ns/credentials/v2"


def _credential(**changes):
    base = {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": did.did_web(),
        "credentialSubject": {"id": "urn:x:someone"},
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"@context": None}, "@context is missing"),
        ({"@context": ["https://www.w3.org/ns/credentials/examples/v2", V2]}, "first @context"),
        ({"issuer": None}, "issuer is missing"),
        ({"@context": ["https://www.w3.org/2018/credentials/v1"]}, "issuanceDate is missing"),
        ({"@context": [V2, "https://example.org/x.json"]}, "not one of the contexts held"),
        ({"type": ["Thing"]}, "type must include VerifiableCredential"),
        ({"credentialSubject": {}}, "credentialSubject"),
        ({"validFrom": "Sat 25 Feb 2023 07:16:31 PM CST"}, "validFrom"),
        ({"credentialSchema": {"type": "JsonSchema"}}, "credentialSchema must have an id"),
        ({"name": {"@value": "N", "url": "x"}}, "name has properties"),
        ({"relatedResource": [{"id": ["https://a.example/1"]}]}, "relatedResource.id"),
        ({"@context": [V2, {"VerifiableCredential": "https://x.example/#B"}]}, "protected term"),
    ],
)
def test_issue_refuses_what_breaks_the_data_model(app, client, changes, named):
    response = client.post("/credentials/issue", json={"credential": _credential(**changes)})
    assert response.status_code == 422
    messages = [e["message"] for e in response.get_json()["errors"]]
    assert any(named in m for m in messages), messages
    assert "verifiableCredential" not in response.get_json()


def test_issue_adds_no_issuer_or_context_of_its_own(app, client):
    response = client.post("/credentials/issue", json={"credential": _credential(issuer=None)})
    assert response.status_code == 422
    response = client.post("/credentials/issue", json={"credential": _credential()})
    signed = response.get_json()["verifiableCredential"]
    assert response.status_code == 201 and signed["@context"][0] == V2


def test_issue_keeps_dates_with_offsets_and_languages(app, client):
    credential = _credential(
        **{"@context": [V2, "https://www.w3.org/ns/credentials/examples/v2"]},
        type=["VerifiableCredential", "RelationshipCredential"],
        validFrom="2023-02-25T19:10:39-06:00",
        validUntil="2099-02-25T19:10:39.123Z",
        name=[{"@value": "Dog", "@language": "en"}, {"@value": "Chien", "@language": "fr"}],
    )
    response = client.post("/credentials/issue", json={"credential": credential})
    assert response.status_code == 201, response.get_json()
    signed = response.get_json()["verifiableCredential"]
    check = client.post("/credentials/verify", json={"verifiableCredential": signed})
    assert check.status_code == 200, check.get_json()


@pytest.mark.parametrize(
    "body",
    [
        {"type": ["NonconformingDocument"]},
        {"@context": [V2], "type": ["VerifiableCredential"], "credentialSubject": {}},
        {"@context": [V2, 5], "type": "VerifiableCredential", "issuer": "x", "proof": {}},
        {  # an id that is a list or an object: not hashable, once a 500
            "@context": [V2],
            "type": ["VerifiableCredential"],
            "issuer": "did:web:lms.test",
            "credentialSubject": {"id": "urn:x:a"},
            "relatedResource": [{"id": {"x": 1}}, {"id": ["a", "b"]}],
        },
    ],
)
def test_verify_reports_a_malformed_credential(app, client, body):
    response = client.post("/credentials/verify", json={"verifiableCredential": body})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors and {e["name"] for e in errors} == {"MALFORMED_VALUE_ERROR"}


def test_verify_reports_dates_in_the_wrong_order_on_a_signed_credential(app, client, people):
    cert = issue_certificate(people)
    good = credential_of(cert)
    assert (
        client.post("/credentials/verify", json={"verifiableCredential": good}).status_code == 200
    )
    swapped = {**good, "validUntil": "2001-01-01T00:00:00Z"}
    response = client.post("/credentials/verify", json={"verifiableCredential": swapped})
    assert response.status_code == 422
    assert "earlier than validUntil" in response.get_json()["errors"][0]["message"]
