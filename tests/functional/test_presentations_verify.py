"""POST /presentations/verify: a holder's signed presentation of our credentials verifies; a
malformed one, a wrong challenge, another key than the holder's or a changed credential does not."""

from __future__ import annotations

import copy

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lms.credentials import did, keys, proofs
from tests.credentials import credential_of, issue_certificate

V2 = "https://www.w3.org/ns/credentials/v2"
URL = "/presentations/verify"
OPTIONS = {"challenge": "c-123", "domain": "verifier.example"}


@pytest.fixture
def holder():
    return keys.IssuerKey(Ed25519PrivateKey.generate())


def present(key, credentials, **changes):
    """A presentation of ``credentials`` signed by ``key`` (its did:key is the holder)."""
    holder_id = did.did_key(key)
    vp = {"@context": [V2], "type": ["VerifiablePresentation"], "holder": holder_id}
    if credentials:
        vp["verifiableCredential"] = credentials
    vp.update(changes)
    return proofs.add_proof(
        vp,
        key,
        method=f"{holder_id}#{key.multibase}",
        proofPurpose="authentication",
        **OPTIONS,
    )


def post(client, vp, options=OPTIONS):
    return client.post(URL, json={"verifiablePresentation": vp, "options": options})


def test_a_holders_presentation_of_our_credential_verifies(app, client, people, holder):
    cert = issue_certificate(people)
    response = post(client, present(holder, [credential_of(cert)]))
    assert response.status_code == 200, response.get_json()
    assert response.get_json() == {"checks": ["proof", "status"], "warnings": [], "errors": []}


def test_an_empty_presentation_verifies(app, client, holder):
    assert post(client, present(holder, [])).status_code == 200


def test_a_wrong_challenge_or_domain_is_refused(app, client, holder):
    vp = present(holder, [])
    for options in ({"challenge": "other"}, {"domain": "elsewhere.example"}):
        response = post(client, vp, options)
        assert response.status_code == 422
        assert response.get_json()["errors"][0]["name"] == "PROOF_VERIFICATION_ERROR"


def test_a_proof_by_another_key_than_the_holders_is_refused(app, client, holder):
    other = keys.IssuerKey(Ed25519PrivateKey.generate())
    vp = present(other, [], holder=did.did_key(holder))
    response = post(client, vp)
    assert response.status_code == 422
    assert "holder" in response.get_json()["errors"][0]["message"]


def test_an_assertion_proof_is_not_an_authentication(app, client, holder):
    vp = present(holder, [])
    vp["proof"][0]["proofPurpose"] = "assertionMethod"
    response = post(client, vp)
    assert response.status_code == 422
    assert "authentication" in response.get_json()["errors"][0]["message"]


def test_a_changed_credential_inside_is_named(app, client, people, holder):
    cert = issue_certificate(people)
    changed = copy.deepcopy(credential_of(cert))
    changed["name"] = "Something else"
    response = post(client, present(holder, [changed]))
    assert response.status_code == 422
    error = response.get_json()["errors"][0]
    assert error["name"] == "PROOF_VERIFICATION_ERROR" and error["message"].startswith(
        "Credential 1:"
    )


def test_a_tampered_presentation_is_refused(app, client, holder):
    vp = present(holder, [])
    vp["id"] = "urn:uuid:added-later"
    response = post(client, vp)
    assert response.status_code == 422
    assert "changed" in response.get_json()["errors"][0]["message"]


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"type": ["Presentation"]}, "VerifiablePresentation"),
        ({"@context": [{"@vocab": "urn:x:"}, V2]}, "first @context"),
        ({"holder": "not a url"}, "holder"),
        ({"verifiableCredential": ["https://lms.test/credential.json"]}, "must be an object"),
        ({"verifiableCredential": [{"type": "EnvelopedVerifiableCredential"}]}, "data: URL"),
    ],
)
def test_a_malformed_presentation_is_named(app, client, holder, changes, named):
    response = post(client, present(holder, [], **changes))
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors[0]["name"] == "MALFORMED_VALUE_ERROR" and named in errors[0]["message"], errors


@pytest.mark.parametrize("body", [None, [], "text", {"type": ["NonconformingDocument"]}])
def test_hostile_bodies_are_answered_plainly(app, client, body):
    response = post(client, body)
    assert response.status_code == 422 and response.get_json()["errors"]
    assert client.post(URL, data="{", content_type="application/json").status_code == 400


def test_a_replayed_presentation_with_another_keys_fresh_proof_is_refused(app, client, holder):
    """The holder's proof carries an old challenge; another key adds a proof with the new one:
    each proof verifies alone, but the holder's does not bind this request."""
    old = proofs.add_proof(
        {"@context": [V2], "type": ["VerifiablePresentation"], "holder": did.did_key(holder)},
        holder,
        method=f"{did.did_key(holder)}#{holder.multibase}",
        proofPurpose="authentication",
        challenge="an-old-one",
        domain=OPTIONS["domain"],
    )
    attacker = keys.IssuerKey(Ed25519PrivateKey.generate())
    replayed = proofs.add_proof(
        old,
        attacker,
        method=f"{did.did_key(attacker)}#{attacker.multibase}",
        proofPurpose="authentication",
        **OPTIONS,
    )
    response = post(client, replayed)
    assert response.status_code == 422
    assert "challenge" in response.get_json()["errors"][0]["message"]
