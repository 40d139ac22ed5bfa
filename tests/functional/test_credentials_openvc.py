"""openvc-core (a Data Integrity verifier from PyPI) checks our credentials and status lists.

It canonicalises with PyLD as our signer does, so it is independent for proof assembly, key
resolution and status decoding, not canonicalisation (the node verifier covers that).
"""

from __future__ import annotations

import copy

import pytest
from openvc.did.base import DidResolverRegistry, parse_did_document
from openvc.proof.data_integrity import DataIntegrityProofSuite
from openvc.proof.errors import SignatureInvalid
from openvc.status.bitstring import decode_bitstring, get_status_bit

from lms.credentials.contexts import CONTEXTS
from tests.credentials import credential_of, issue_certificate, revoke, served


class LocalDidWeb:
    """Resolves our did:web from the document the site served, without the network."""

    def __init__(self, documents: dict[str, dict]):
        self.documents = documents

    def supports(self, did: str) -> bool:
        return did in self.documents

    def resolve(self, did: str):
        return parse_did_document(self.documents[did])


def _verify(credential: dict, documents: dict[str, dict]):
    resolver = DidResolverRegistry([LocalDidWeb(documents)])
    return DataIntegrityProofSuite().verify(
        credential, resolver=resolver, extra_contexts=dict(CONTEXTS)
    )


def _bit(documents: dict[str, dict], entry: dict) -> bool:
    listed = documents[entry["statusListCredential"]]
    bits = decode_bitstring(listed["credentialSubject"]["encodedList"])
    return bool(get_status_bit(bits, int(entry["statusListIndex"])))


def test_openvc_verifies_a_fresh_credential_and_its_lists(app, client, people):
    cert = issue_certificate(people)
    documents = served(client)
    result = _verify(credential_of(cert), documents)
    assert "did:web:lms.test" in str(result.issuer)
    for purpose in ("revocation", "suspension"):
        listed = documents[f"http://lms.test/credentials/status/{purpose}"]
        assert "did:web:lms.test" in str(_verify(listed, documents).issuer)
    assert [_bit(documents, e) for e in credential_of(cert)["credentialStatus"]] == [False, False]


def test_openvc_rejects_a_tampered_credential(app, client, people):
    cert = issue_certificate(people)
    tampered = copy.deepcopy(credential_of(cert))
    tampered["validUntil"] = "2099-12-31T23:59:59Z"
    with pytest.raises(SignatureInvalid, match="does not verify"):
        _verify(tampered, served(client))


def test_openvc_reads_the_revocation_bit(app, client, people):
    cert = issue_certificate(people)
    revoke(people, cert)
    documents = served(client)
    entries = {e["statusPurpose"]: e for e in credential_of(cert)["credentialStatus"]}
    assert _bit(documents, entries["revocation"]) is True
    assert _bit(documents, entries["suspension"]) is False
