"""Hostile or broken input to the credential checks answers plainly and at once: shapes that
make canonicalisation slow are refused before it, deep JSON is a 400, and a broken or missing
key never blocks a revocation nor turns a page into a 500."""

from __future__ import annotations

import logging
import time

import pytest

from lms.credentials import did, keys
from tests.credentials import credential_of, issue_certificate, revoke
from tests.functional.test_pdf_signing_upload import upload

STRANGER = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
VERIFY = "/credentials/verify"


@pytest.fixture
def app_config(app_config):
    app_config["RATELIMIT_VERIFY"] = "1000 per minute"
    return app_config


def _clique(n: int) -> dict:
    """``n`` blank nodes each pointing at every other: canonicalising it is exponential in n."""
    nodes = [
        {
            "@id": f"_:b{i}",
            "https://example.org/p": [{"@id": f"_:b{j}"} for j in range(n) if j != i],
        }
        for i in range(n)
    ]
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": STRANGER,
        "credentialSubject": {"https://example.org/knows": nodes},
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-rdfc-2022",
            "proofPurpose": "assertionMethod",
            "verificationMethod": f"{STRANGER}#{STRANGER[8:]}",
            "proofValue": "z" + "1" * 80,
        },
    }


@pytest.mark.parametrize(
    "body",
    [
        _clique(8),
        {**_clique(2), "credentialSubject": {"https://example.org/v": list(range(5000))}},
        {
            **_clique(2),
            "credentialSubject": {
                "a": {
                    "b": {
                        "c": {
                            "d": {
                                "e": {
                                    "f": {
                                        "g": {
                                            "h": {
                                                "i": {
                                                    "j": {
                                                        "k": {
                                                            "l": {
                                                                "m": {"n": {"o": {"p": {"q": 1}}}}
                                                            }
                                                        }
                                                    }
                                                }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            },
        },
    ],
    ids=["clique", "long-array", "deep"],
)
def test_slow_shapes_are_refused_before_canonicalising(client, body):
    started = time.perf_counter()
    response = client.post(VERIFY, json={"verifiableCredential": body})
    assert time.perf_counter() - started < 2
    assert response.status_code == 422
    message = response.get_json()["errors"][0]["message"]
    assert "too large or too deeply nested" in message or "blank node" in message


def test_json_deeper_than_the_parser_goes_is_a_400(client, people):
    deep = b"[" * 100_000
    response = client.post(VERIFY, data=deep, content_type="application/json")
    assert response.status_code == 400
    page = upload(client, b"{" + b'"a":' * 1 + b"[" * 100_000, "credential.json")
    assert page.status_code == 400
    assert "could not be read as a credential" in page.get_data(as_text=True)


def test_our_own_credential_is_well_inside_the_limits(client, people):
    cert = issue_certificate(people)
    response = client.post(VERIFY, json={"verifiableCredential": credential_of(cert)})
    assert response.status_code == 200


def test_a_status_index_must_be_a_plain_base_10_string(client, people):
    cert = issue_certificate(people)
    body = credential_of(cert)
    for index in ("1_000", " 5 ", "٣", 5):
        entries = [{**body["credentialStatus"][0], "statusListIndex": index}]
        response = client.post(
            VERIFY, json={"verifiableCredential": {**body, "credentialStatus": entries}}
        )
        errors = response.get_json()["errors"]
        assert response.status_code == 422 and errors, index


def test_a_broken_key_never_blocks_a_revocation_nor_makes_a_500(app, client, people, caplog):
    cert = issue_certificate(people)
    app.config["CREDENTIAL_SIGNING_KEY"] = (
        "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----"
    )
    keys._CACHE.clear()
    with pytest.raises(keys.NoSigningKey):
        keys.issuer_keys()
    with caplog.at_level(logging.ERROR):
        revoke(people, cert)  # goes ahead; the lists cannot be signed and the log says so
    assert cert.revoked_at is not None
    assert "Status lists not rebuilt" in caplog.text
    assert client.get("/.well-known/did.json").status_code == 404
    response = client.post(VERIFY, json={"verifiableCredential": credential_of(cert)})
    assert response.status_code == 422
    assert "no issuer key" in response.get_json()["errors"][0]["message"]
    assert did.did_web().startswith("did:web:")


def test_the_issue_endpoint_cannot_be_opened_in_production():
    from lms.config import ConfigError, load_config

    with pytest.raises(ConfigError, match="cannot be on in production"):
        load_config(
            {
                "ENV_NAME": "production",
                "SECRET_KEY": "x" * 48,
                "BASE_URL": "https://mentors.example.org",
                "CREDENTIALS_ISSUE_ENDPOINT": True,
            }
        )
