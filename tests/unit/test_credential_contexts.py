"""The vendored JSON-LD contexts are pinned, and the loader and undefined-term check refuse."""

from __future__ import annotations

import hashlib

import pytest
from pyld import jsonld

from lms.credentials import contexts

PINNED = {
    "credentials-examples-v2.jsonld": (
        "57393fbc69d6efb9b9b5dc9cb6b9880b0944360abfe2eaf459c9e58cf2279d7c"
    ),
    "credentials-v1.jsonld": "00d7dd6d3ad8b920e3e550dd3a3d9090bffcac84cdbf943da6924b3e0a5c8bb8",
    "credentials-v2.jsonld": "426fdacb13cd7a2fa9c8f2534252877c0fcb492a07b9070739eb53f7319e7f5c",
    "data-integrity-v2.jsonld": "67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4",
    "did-v1.jsonld": "a5d5033333d949be83530bb43395f882953cd09c928fb4c3f729673bb837cd3f",
    "index.json": "60107b5d4710e4f5b89f517a71303d8c1197fb8a7dd7525ee5e367f61915d573",
    "multikey-v1.jsonld": "c5f3806f8286920573221938917988a18a4cc5a09e968d29649613c7a1c2b1f6",
    "ob-context-3.0.3.json": "88115d8e3c088bf2c83f68e6373027072ab9f3f83523a55b49d3605199d56413",
    "status-v1.jsonld": "80885f52d35e31a95bfd2557099bd2e3f8cb52afefa7b2aaa8ae3786e1469409",
}


def test_every_vendored_file_matches_its_pinned_hash():
    found = {p.name for p in contexts.CONTEXTS_DIR.iterdir()}
    assert found == set(PINNED)
    for name, digest in PINNED.items():
        assert hashlib.sha256((contexts.CONTEXTS_DIR / name).read_bytes()).hexdigest() == digest


def test_the_index_names_every_context_documents_use():
    assert contexts.CREDENTIALS_V2 in contexts.CONTEXTS
    assert contexts.OB_V3 in contexts.CONTEXTS
    assert contexts.DID_V1 in contexts.CONTEXTS
    assert (
        contexts.EXAMPLES_V2 in contexts.CONTEXTS and contexts.CREDENTIALS_V1 in contexts.CONTEXTS
    )


def test_the_examples_context_maps_every_term_under_the_examples_vocabulary():
    doc = {"@context": [contexts.CREDENTIALS_V2, contexts.EXAMPLES_V2], "alumniOf": "X"}
    (node,) = jsonld.expand(doc)
    assert "https://www.w3.org/ns/credentials/examples#alumniOf" in node


def _doc(**extra):
    return {
        "@context": [contexts.CREDENTIALS_V2, contexts.OB_V3],
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:web:lms.test", "type": ["Profile"], "name": "Site"},
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {
                "id": "urn:x:1",
                "type": ["Achievement"],
                "name": "N",
                "criteria": {"narrative": "n"},
                **extra.pop("achievement", {}),
            },
        },
        **extra,
    }


def test_a_defined_document_passes():
    contexts.assert_nothing_dropped(_doc())


def test_an_undefined_top_level_term_is_refused():
    with pytest.raises(contexts.UndefinedTerms, match="foo"):
        contexts.assert_nothing_dropped(_doc(foo="bar"))


def test_an_undefined_nested_term_is_refused():
    with pytest.raises(contexts.UndefinedTerms, match="baz"):
        contexts.assert_nothing_dropped(_doc(achievement={"baz": 1}))


def test_a_network_context_is_refused_by_the_loader():
    with pytest.raises(jsonld.JsonLdError):
        contexts.load("https://example.org/context.json")


def test_the_global_loader_refuses_the_network_too():
    doc = {"@context": "https://example.org/evil.json", "name": "x"}
    with pytest.raises(jsonld.JsonLdError):
        jsonld.expand(doc)
