"""The DID document: served publicly and cacheably, every key listed; rotation keeps old ones."""

from __future__ import annotations

from lms.credentials import did, keys, proofs
from tests.credentials import credential_of, issue_certificate, node_verify, served


def test_the_did_document_lists_the_key_and_its_did_key(app, client):
    response = client.get("/.well-known/did.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "public, max-age=300"
    assert response.headers["ETag"]
    document = response.get_json(force=True)
    current = keys.current_key()
    assert document["id"] == "did:web:lms.test"
    (method,) = document["verificationMethod"]
    assert method["type"] == "Multikey" and method["publicKeyMultibase"] == current.multibase
    assert document["assertionMethod"] == [method["id"]]
    assert document["alsoKnownAs"] == [f"did:key:{current.multibase}"]
    again = client.get("/.well-known/did.json", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304


def test_after_rotation_the_retired_key_is_listed_and_old_credentials_verify(
    app, client, people, runner, tmp_path
):
    path = tmp_path / "issuer-keys.pem"
    app.config.update(CREDENTIAL_SIGNING_KEY=None, CREDENTIAL_KEY_FILE=str(path))
    assert runner.invoke(args=["credentials", "keygen"]).exit_code == 0
    old_key = keys.current_key()
    cert = issue_certificate(people)
    old_credential = credential_of(cert)
    assert old_credential["proof"]["verificationMethod"] == did.method_id(old_key)

    rotated = runner.invoke(args=["credentials", "keygen"])
    assert "Rotated" in rotated.output
    new_key = keys.current_key()
    assert new_key.multibase != old_key.multibase
    document = client.get("/.well-known/did.json").get_json(force=True)
    listed = [m["publicKeyMultibase"] for m in document["verificationMethod"]]
    assert listed == [new_key.multibase, old_key.multibase]
    assert document["alsoKnownAs"] == [f"did:key:{new_key.multibase}"]

    assert proofs.verify(old_credential) == "did:web:lms.test"
    answer = node_verify(old_credential, served(client), tmp_path)
    assert answer["verified"] is True, answer


def test_a_did_key_proof_verifies_too(app):
    key = keys.current_key()
    doc = {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": did.did_key(key),
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "urn:x:someone"},
    }
    signed = proofs.sign(doc, key, method=f"{did.did_key(key)}#{key.multibase}")
    assert proofs.verify(signed) == did.did_key(key)
