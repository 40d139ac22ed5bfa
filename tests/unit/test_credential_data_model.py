"""Each VC Data Model 2.0 MUST that data_model.problems checks: a conforming and a breaking case."""

from __future__ import annotations

import pytest

from lms.credentials import data_model_v1

V2 = "https://www.w3.org/ns/credentials/v2"
V1 = "https://www.w3.org/2018/credentials/v1"  # VC 1.1: its own dates
MAPPED = {"Thing": "https://example.org/vocab#Thing"}


def vc(**changes):
    """A minimal conforming credential with ``changes`` (a value of None deletes the key)."""
    base = {
        "@context": [V2],
        "type": ["VerifiableCredential"],
        "issuer": "did:web:lms.test",
        "credentialSubject": {"id": "did:example:subject"},
    }
    base.update(changes)
    return {k: v for k, v in base.items() if v is not None}


def test_the_minimal_credential_conforms():
    assert data_model_v1.problems_of(vc()) == []


# (name, conforming changes, breaking changes, words the problem must contain)
CASES = [
    ("context missing", {}, {"@context": None}, "@context is missing"),
    (
        "vc 1.1 dates",
        {"@context": [V1], "issuanceDate": "2020-03-16T22:37:26.544Z"},
        {"@context": [V1], "issuanceDate": "16 March 2020"},
        "issuanceDate must be",
    ),
    (
        "vc 1.1 issued",
        {"@context": [V1], "issuanceDate": "2020-03-16T22:37:26Z"},
        {"@context": [V1]},
        "issuanceDate is missing",
    ),
    ("context first", {"@context": [V2, MAPPED]}, {"@context": [MAPPED, V2]}, "first @context"),
    ("context items", {"@context": [V2, {"@vocab": "urn:x:"}]}, {"@context": [V2, 1]}, "URL or"),
    ("context url", {"@context": V2}, {"@context": [V2, "https ://x/y"]}, "URL or"),
    ("type missing", {}, {"type": None}, "type is missing"),
    ("type VC", {"type": ["Thing", "VerifiableCredential"]}, {"type": ["Thing"]}, "include"),
    (
        "type strings",
        {"type": "VerifiableCredential"},
        {"type": ["VerifiableCredential", 2]},
        "terms",
    ),
    ("id url", {"id": "urn:uuid:1"}, {"id": ["https://a.example/1", "https://b.example/1"]}, "id"),
    (
        "id null",
        {"id": "https://a.example/1"},
        {"id": None, "credentialSubject": {"id": None}},
        "id",
    ),
    ("issuer missing", {}, {"issuer": None}, "issuer is missing"),
    ("issuer url", {"issuer": "https://lms.test"}, {"issuer": "not a url"}, "issuer must be"),
    ("issuer object", {"issuer": {"id": "did:web:x"}}, {"issuer": {"id": "no url"}}, "issuer.id"),
    ("issuer object id", {"issuer": {"id": "did:web:x"}}, {"issuer": {"name": "N"}}, "issuer must"),
    ("subject missing", {}, {"credentialSubject": None}, "credentialSubject is missing"),
    ("subject empty", {"credentialSubject": {"name": "A"}}, {"credentialSubject": {}}, "claim"),
    (
        "subjects",
        {"credentialSubject": [{"id": "did:x:1"}, {"name": "B"}]},
        {"credentialSubject": [{"id": "did:x:1"}, {}]},
        "claim",
    ),
    ("subject list", {}, {"credentialSubject": []}, "at least one"),
    (
        "subject id",
        {},
        {"credentialSubject": {"id": ["did:x:1", "did:x:2"]}},
        "credentialSubject.id",
    ),
    (
        "validFrom",
        {"validFrom": "2023-02-25T19:10:39-06:00"},
        {"validFrom": "2023-02-25"},
        "validFrom",
    ),
    ("validFrom ms", {"validFrom": "2023-02-25T19:10:39.123Z"}, {"validFrom": "Sat 25 Feb"}, "XSD"),
    (
        "validFrom far",
        {"validFrom": "40230-02-26T01:02:58Z"},
        {"validFrom": "2023-13-01T00:00:00Z"},
        "XSD",
    ),
    (
        "validUntil",
        {"validUntil": "2030-01-01T00:00:00Z"},
        {"validUntil": "2030-01-01T00:00:00"},
        "XSD",
    ),
    (
        "validity order",
        {"validFrom": "2025-01-01T00:00:00Z", "validUntil": "2025-01-01T00:00:00Z"},
        {"validFrom": "2026-01-01T00:00:00Z", "validUntil": "2025-01-01T00:00:00Z"},
        "earlier than validUntil",
    ),
    (
        "status type",
        {"credentialStatus": {"type": "Thing"}},
        {"credentialStatus": {"id": "urn:x:s"}},
        "type",
    ),
    (
        "status id",
        {"credentialStatus": {"id": "urn:x:s", "type": "Thing"}},
        {"credentialStatus": {"id": ["urn:x:1", "urn:x:2"], "type": "Thing"}},
        "credentialStatus.id",
    ),
    ("status type value", {}, {"credentialStatus": {"type": 2}}, "credentialStatus.type"),
    (
        "schema",
        {"credentialSchema": [{"id": "https://s.example/1", "type": "JsonSchema"}]},
        {"credentialSchema": {"type": "JsonSchema"}},
        "credentialSchema must have an id",
    ),
    ("schema type", {}, {"credentialSchema": {"id": "https://s.example/1"}}, "needs a type"),
    ("evidence", {"evidence": [{"type": "Thing"}]}, {"evidence": [{"id": "urn:x:e"}]}, "evidence"),
    ("refresh", {"refreshService": {"type": "Thing"}}, {"refreshService": {}}, "refreshService"),
    (
        "terms",
        {"termsOfUse": {"type": "Thing", "id": "urn:x:t"}},
        {"termsOfUse": "x"},
        "termsOfUse",
    ),
    ("name", {"name": "A name"}, {"name": 3}, "name must be a string"),
    (
        "name language",
        {"name": [{"@value": "Chien", "@language": "fr"}, {"@value": "Dog", "@direction": "ltr"}]},
        {"name": {"@value": "Dog", "@language": "en", "url": "x"}},
        "url",
    ),
    (
        "description",
        {"description": {"@value": "D"}},
        {"description": {"@value": 1}},
        "description",
    ),
    (
        "issuer name",
        {"issuer": {"id": "did:x:1", "name": "N"}},
        {"issuer": {"id": "did:x:1", "name": {}}},
        "issuer.name",
    ),
    (
        "related",
        {"relatedResource": {"id": "https://r.example/", "digestSRI": "sha384-abc+/="}},
        {"relatedResource": ["https://r.example/"]},
        "relatedResource must be an object",
    ),
    (
        "related id",
        {"relatedResource": [{"id": "https://r.example/", "digestMultibase": "uAbc"}]},
        {"relatedResource": [{"digestMultibase": "uAbc"}]},
        "relatedResource must have an id",
    ),
    ("related digest", {}, {"relatedResource": [{"id": "https://r.example/"}]}, "digestSRI or"),
    (
        "related unique",
        {
            "relatedResource": [
                {"id": "https://r.example/1", "digestMultibase": "uAbc"},
                {"id": "https://r.example/2", "digestMultibase": "uAbc"},
            ]
        },
        {
            "relatedResource": [
                {"id": "https://r.example/1", "digestMultibase": "uAbc"},
                {"id": "https://r.example/1", "digestSRI": "sha256-abc"},
            ]
        },
        "unique",
    ),
    (
        "related sri",
        {},
        {"relatedResource": {"id": "https://r.example/", "digestSRI": "md5-x"}},
        "SRI",
    ),
]


@pytest.mark.parametrize(
    ("good", "bad", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_each_must(good, bad, words):
    context = [V2, MAPPED] if "Thing" in str(good) + str(bad) else [V2]
    assert data_model_v1.problems_of(vc(**{"@context": context, **good})) == []
    found = data_model_v1.problems_of(vc(**{"@context": context, **bad}))
    assert found and any(words in p for p in found), found


def test_a_type_no_context_maps_is_refused():
    unmapped = vc(**{"@context": [V2, {"@vocab": None}], "type": ["VerifiableCredential", "X"]})
    found = data_model_v1.problems_of(unmapped)
    assert found and ("X" in found[0] or "cannot be processed" in found[0]), found
    mapped = vc(**{"@context": [V2, MAPPED], "type": ["VerifiableCredential", "Thing"]})
    assert data_model_v1.problems_of(mapped) == []


def test_a_type_mapped_to_a_non_url_is_refused():
    bad = {"Thing": "https ://not-a-url#Thing"}
    found = data_model_v1.problems_of(
        vc(**{"@context": [V2, bad], "type": ["VerifiableCredential", "Thing"]})
    )
    assert found and "invalid IRI mapping" in found[0]


def test_redefining_a_protected_term_is_refused():
    redefined = {"VerifiableCredential": "https://example.org/#Bad"}
    found = data_model_v1.problems_of(vc(**{"@context": [V2, redefined]}))
    assert found and "protected term redefinition" in found[0]


def test_a_context_we_do_not_hold_is_named():
    found = data_model_v1.problems_of(vc(**{"@context": [V2, "https://example.org/other.json"]}))
    assert found and "cannot be processed" in found[0]


def test_a_non_object_is_refused():
    assert data_model_v1.problems_of(["VerifiableCredential"]) == [
        "The credential must be a JSON object."
    ]
