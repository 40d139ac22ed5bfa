"""Proof sets and chains (VC Data Integrity 1.0): every proof must verify, and a chain's
previousProof must name a proof in the set; through proofs.verify and POST /credentials/verify."""

from __future__ import annotations

import copy

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lms.credentials import did, keys, proofs

V2 = "https://www.w3.org/ns/credentials/v2"


def _other_key() -> keys.IssuerKey:
    """A second Ed25519 key (a co-signer's), named by its did:key."""
    return keys.IssuerKey(Ed25519PrivateKey.generate())


@pytest.fixture
def signed(app):
    """A credential with one proof, by our key, whose id a chain can name."""
    credential = {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": did.did_web(),
        "credentialSubject": {"id": "urn:x:someone"},
    }
    key = keys.current_key()
    return proofs.add_proof(credential, key, method=did.method_id(key), id="urn:uuid:first")


def test_a_proof_set_verifies_when_every_proof_does(signed):
    other = _other_key()
    both = proofs.add_proof(signed, other, method=f"{did.did_key(other)}#{other.multibase}")
    assert len(both["proof"]) == 2
    assert proofs.verify(both) == did.did_web()


def test_a_tampered_proof_in_a_set_fails(signed):
    other = _other_key()
    both = proofs.add_proof(signed, other, method=f"{did.did_key(other)}#{other.multibase}")
    tampered = copy.deepcopy(both)
    tampered["proof"][1]["created"] = "2001-01-01T00:00:00Z"
    with pytest.raises(proofs.ProofError, match="changed"):
        proofs.verify(tampered)


def test_a_set_without_the_issuers_proof_fails(app):
    other = _other_key()
    credential = {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": did.did_web(),
        "credentialSubject": {"id": "urn:x:someone"},
    }
    only_other = proofs.add_proof(
        credential, other, method=f"{did.did_key(other)}#{other.multibase}"
    )
    with pytest.raises(proofs.ProofError, match="issuer"):
        proofs.verify(only_other)


def _credential() -> dict:
    return {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": did.did_web(),
        "credentialSubject": {"id": "urn:x:someone"},
    }


def _first_by(key: keys.IssuerKey) -> dict:
    """The credential with one proof by ``key`` (a co-signer), id ``urn:uuid:first``."""
    method = f"{did.did_key(key)}#{key.multibase}"
    return proofs.add_proof(_credential(), key, method=method, id="urn:uuid:first")


def _ours_after(first: dict) -> dict:
    key = keys.current_key()
    return proofs.add_proof(first, key, method=did.method_id(key), previousProof="urn:uuid:first")


def test_a_chain_verifies_and_its_link_is_signed(app):
    chained = _ours_after(_first_by(_other_key()))
    assert proofs.verify(chained) == did.did_web()
    # Another valid proof with the same id in place of the one our proof chained to: each
    # proof still verifies on its own, but ours signed the first one, so it fails.
    swapped = copy.deepcopy(chained)
    swapped["proof"][0] = _first_by(_other_key())["proof"][0]
    proofs.verify_all({**swapped, "proof": [swapped["proof"][0]]})  # valid by itself
    with pytest.raises(proofs.ProofError, match="changed"):
        proofs.verify(swapped)


def test_a_missing_previous_proof_fails(app, client):
    chained = _ours_after(_first_by(_other_key()))
    broken = {**chained, "proof": [chained["proof"][1]]}  # the proof it chains to taken out
    with pytest.raises(proofs.ProofError, match="previousProof"):
        proofs.verify(broken)
    response = client.post("/credentials/verify", json={"verifiableCredential": broken})
    assert response.status_code == 422
    assert response.get_json()["errors"][0]["name"] == "PROOF_VERIFICATION_ERROR"
    good = client.post("/credentials/verify", json={"verifiableCredential": chained})
    assert good.status_code == 200 and good.get_json()["checks"] == ["proof"]


def test_too_many_proofs_are_refused_before_any_is_checked(signed):
    crowded = {**signed, "proof": signed["proof"] * (proofs.MAX_PROOFS + 1)}
    with pytest.raises(proofs.ProofError, match="at most"):
        proofs.verify(crowded)


def test_a_previous_proof_naming_no_proof_fails(signed):
    other = _other_key()
    method = f"{did.did_key(other)}#{other.multibase}"
    with pytest.raises(proofs.ProofError, match="previousProof"):
        proofs.add_proof(signed, other, method=method, previousProof="urn:uuid:nowhere")
