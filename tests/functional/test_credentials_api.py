"""The VC-API endpoints, the holder's download and the certificate page's badge section."""

from __future__ import annotations

import copy

import pytest

from lms.credentials import did, keys
from tests.credentials import credential_of, issue_certificate, revoke


def test_verify_accepts_a_good_credential(app, client, people):
    cert = issue_certificate(people)
    response = client.post(
        "/credentials/verify", json={"verifiableCredential": credential_of(cert)}
    )
    assert response.status_code == 200
    assert response.get_json() == {"checks": ["proof", "status"], "warnings": [], "errors": []}


def test_verify_refuses_a_tampered_one_with_422(app, client, people):
    cert = issue_certificate(people)
    tampered = copy.deepcopy(credential_of(cert))
    tampered["name"] = "Something else"
    response = client.post("/credentials/verify", json={"verifiableCredential": tampered})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["name"] == "PROOF_VERIFICATION_ERROR"


def test_the_status_list_changes_within_one_request_of_a_revocation(app, client, people):
    cert = issue_certificate(people)
    vc = credential_of(cert)
    before = client.get("/credentials/status/revocation")
    assert before.headers["Cache-Control"] == "public, max-age=300"
    revoke(people, cert)
    after = client.get("/credentials/status/revocation")
    assert after.headers["ETag"] != before.headers["ETag"]
    response = client.post("/credentials/verify", json={"verifiableCredential": vc})
    assert response.status_code == 422
    assert response.get_json()["errors"] == [
        {"name": "STATUS_ERROR", "message": "The credential has been revoked."}
    ]


def test_issue_signs_for_the_suites_when_enabled(app, client):
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": did.did_web(),
        "credentialSubject": {"id": "urn:x:someone"},
    }
    response = client.post("/credentials/issue", json={"credential": credential, "options": {}})
    assert response.status_code == 201
    signed = response.get_json()["verifiableCredential"]
    check = client.post("/credentials/verify", json={"verifiableCredential": signed})
    assert check.status_code == 200 and check.get_json()["checks"] == ["proof"]
    undefined = {**credential, "madeUp": 1}
    refused = client.post("/credentials/issue", json={"credential": undefined})
    assert refused.status_code == 422 and "madeUp" in refused.get_json()["errors"][0]["message"]


def test_issue_is_404_unless_enabled(app, client):
    app.config["CREDENTIALS_ISSUE_ENDPOINT"] = False
    response = client.post("/credentials/issue", json={"credential": {}})
    assert response.status_code == 404


def test_the_holder_downloads_it_from_the_certificate_page(app, client, people, login):
    cert = issue_certificate(people)
    login("trainee")
    page = client.get(f"/certificates/{cert.number}").get_data(as_text=True)
    link = f"/certificates/{cert.number}/credential.json"
    assert link in page and 'id="credential"' in page and "data:image/svg+xml" in page
    response = client.get(link)
    assert response.status_code == 200
    assert response.get_json() == credential_of(cert)
    assert "attachment" in response.headers["Content-Disposition"]


def test_a_revoked_holder_is_not_offered_it(app, client, people, login):
    cert = issue_certificate(people)
    revoke(people, cert)
    login("trainee")
    assert 'id="credential"' not in client.get(f"/certificates/{cert.number}").get_data(
        as_text=True
    )
    assert client.get(f"/certificates/{cert.number}/credential.json").status_code == 403


def test_issue_as_the_did_key_form(app, client):
    as_key = did.did_key(keys.current_key())
    credential = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": {"id": as_key},
        "credentialSubject": {"id": "urn:x:someone"},
    }
    signed = client.post("/credentials/issue", json={"credential": credential}).get_json()
    assert signed["verifiableCredential"]["proof"]["verificationMethod"].startswith(as_key + "#")
    check = client.post(
        "/credentials/verify", json={"verifiableCredential": signed["verifiableCredential"]}
    )
    assert check.status_code == 200


def test_the_certificate_api_links_the_credential_lists_and_did(app, client, people):
    cert = issue_certificate(people)
    data = client.get(f"/api/v1/certificates/{cert.number}").get_json()
    lists = [s["statusListCredential"] for s in credential_of(cert)["credentialStatus"]]
    assert data["links"] == {
        "credential": credential_of(cert)["id"],
        "status": lists,
        "did": "http://lms.test/.well-known/did.json",
    }
    assert not any("#" in url for url in data["links"]["status"])  # no entry: no reason leaks


def test_verify_answers_hostile_bodies_plainly(app, client, people):
    cert = issue_certificate(people)
    good = credential_of(cert)
    hostile = [
        None,
        [],
        "text",
        {"proof": "x"},
        {**good, "credentialStatus": [{"statusListCredential": ["a"], "statusPurpose": {}}]},
        {**good, "credentialStatus": "nonsense"},
        {**good, "proof": {**good["proof"], "verificationMethod": "did:key:zzzz"}},
        {**good, "proof": {**good["proof"], "proofValue": "z0OIl"}},
        {**good, "@context": [{"@version": 99}]},
        {**good, "@context": ["https://example.org/network.json"]},
        {**good, "issuer": ["did:web:lms.test"]},
    ]
    for body in hostile:
        response = client.post("/credentials/verify", json={"verifiableCredential": body})
        assert response.status_code == 422, (body, response.get_data(as_text=True))
        assert response.get_json()["errors"]
    assert (
        client.post("/credentials/verify", data="{", content_type="application/json").status_code
        == 400
    )


def test_verify_answers_odd_status_entries_on_a_signed_credential(app, client):
    base = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": did.did_web(),
        "credentialSubject": {"id": "urn:x:someone"},
    }
    ours = "http://lms.test/credentials/status/revocation"
    odd = [
        {"type": "BitstringStatusListEntry", "statusListCredential": "https://elsewhere.example/s"},
        {
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListCredential": ours,
            "statusListIndex": "999999999",
        },
    ]
    signed = client.post(
        "/credentials/issue", json={"credential": {**base, "credentialStatus": odd}}
    ).get_json()["verifiableCredential"]
    answer = client.post("/credentials/verify", json={"verifiableCredential": signed})
    assert answer.status_code == 422
    body = answer.get_json()
    assert [w["name"] for w in body["warnings"]] == ["STATUS_NOT_CHECKED"]
    assert [e["name"] for e in body["errors"]] == ["STATUS_LIST_ERROR"]


class TestRateLimited:
    @pytest.fixture
    def app_config(self, app_config):
        app_config["RATELIMIT_VERIFY"] = "2 per minute"
        return app_config

    def test_verify_shares_the_certificate_checks_budget(self, app, client):
        assert client.get("/api/v1/certificates/PM-0000-0000-0").status_code == 404
        assert (
            client.post("/credentials/verify", json={"verifiableCredential": {}}).status_code == 422
        )
        assert (
            client.post("/credentials/verify", json={"verifiableCredential": {}}).status_code == 429
        )


def test_the_public_verify_page_links_the_keys_and_status_lists(client, people):
    """Anyone shown a certificate is told how to check it without us: the links on the public
    page open the DID document and both signed status lists."""
    import re

    cert = issue_certificate(people)
    html = client.get(f"/verify/{cert.number}").get_data(as_text=True)
    block = re.search(r"<details[^>]*data-check-yourself>(.*?)</details>", html, re.S)
    assert block and "/verify/file" in block.group(1)
    links = re.findall(r'href="([^"]+)"', block.group(1))
    served = [link for link in links if "did.json" in link or "/credentials/status/" in link]
    assert len(served) == 3
    for link in served:
        answer = client.get(link)
        assert answer.status_code == 200 and answer.get_json(force=True)["id"]
