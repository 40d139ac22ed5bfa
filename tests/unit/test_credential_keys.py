"""Issuer keys: the formats read, rotation by keygen, did:web from BASE_URL, and proofs."""

from __future__ import annotations

import base64
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from lms import create_app
from lms.credentials import did, keys, proofs
from lms.credentials.contexts import CREDENTIALS_V2


def _app(tmp_path, **config):
    settings = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": "sqlite://",
        "BASE_URL": "https://mentors.example.org",
        "AUDIT_CHECKPOINT_PATH": str(tmp_path / "cp.jsonl"),
        "CREDENTIAL_SIGNING_KEY": None,
        **config,
    }
    return create_app(settings)


def test_a_base64url_seed_and_a_pem_give_the_same_key():
    seed = bytes(range(32))
    from_seed = keys.parse(base64.urlsafe_b64encode(seed).decode().rstrip("="))[0]
    from_pem = keys.parse(keys.pem(Ed25519PrivateKey.from_private_bytes(seed)))[0]
    assert from_seed.multibase == from_pem.multibase
    assert from_seed.multibase.startswith("z6Mk")
    assert from_seed.key_id == "key-" + from_seed.multibase[4:16]


def test_garbage_is_refused_with_a_clear_message():
    with pytest.raises(keys.NoSigningKey, match="base64url 32-byte seed"):
        keys.parse("not a key")


def test_keygen_writes_0600_and_rotation_keeps_the_old_key_second(tmp_path):
    path = tmp_path / "keys.pem"
    app = _app(tmp_path, CREDENTIAL_KEY_FILE=str(path))
    runner = app.test_cli_runner()
    first = runner.invoke(args=["credentials", "keygen", "--file", str(path)])
    assert first.exit_code == 0, first.output
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    old = keys.parse(path.read_text())
    second = runner.invoke(args=["credentials", "keygen", "--file", str(path)])
    assert "Rotated" in second.output and "1 retired" in second.output
    ring = keys.parse(path.read_text())
    assert len(ring) == 2 and ring[1].multibase == old[0].multibase
    with app.app_context():
        assert [k.multibase for k in keys.issuer_keys()] == [k.multibase for k in ring]


def test_production_without_a_key_refuses_clearly(tmp_path):
    app = _app(
        tmp_path,
        TESTING=False,
        ENV_NAME="production",
        AUDIT_KEY="a" * 40,
        SECRET_KEY="s" * 40,
        CREDENTIAL_KEY_FILE=str(tmp_path / "missing.pem"),
    )
    with app.app_context(), pytest.raises(keys.NoSigningKey, match="CREDENTIAL_SIGNING_KEY"):
        keys.current_key()
    assert not (tmp_path / "missing.pem").exists()


@pytest.mark.parametrize(
    ("base", "expected", "path"),
    [
        ("https://mentors.example.org", "did:web:mentors.example.org", "/.well-known/did.json"),
        ("https://host:8443/app", "did:web:host%3A8443:app", "/did.json"),
        ("http://lms.test/a/b/", "did:web:lms.test:a:b", "/did.json"),
    ],
)
def test_did_web_follows_base_url(tmp_path, base, expected, path):
    with _app(tmp_path, BASE_URL=base, CREDENTIAL_SIGNING_KEY="A" * 43).app_context():
        assert did.did_web() == expected
        assert did.did_document_path() == path


def test_a_proof_verifies_and_a_change_is_caught(tmp_path, credential_key):
    with _app(tmp_path, CREDENTIAL_SIGNING_KEY=credential_key).app_context():
        doc = {
            "@context": [CREDENTIALS_V2],
            "type": ["VerifiableCredential"],
            "issuer": did.did_web(),
            "validFrom": "2026-01-01T00:00:00Z",
            "credentialSubject": {"id": "urn:x:someone"},
        }
        signed = proofs.sign(doc)
        assert proofs.verify(signed) == did.did_web()
        changed = {**signed, "validFrom": "2026-01-02T00:00:00Z"}
        with pytest.raises(proofs.ProofError, match="changed"):
            proofs.verify(changed)


def test_retired_lines_round_trip_and_a_bad_one_is_refused():
    from datetime import UTC, datetime

    current = keys.IssuerKey(Ed25519PrivateKey.generate())
    retired = keys.IssuerKey(Ed25519PrivateKey.generate(), datetime(2026, 12, 3, 17, tzinfo=UTC))
    text = keys.serialise([current, retired])
    assert "Retired: 2026-12-03T17:00:00Z\n-----BEGIN PRIVATE KEY-----" in text
    assert [(k.multibase, k.retired_at) for k in keys.parse(text)] == [
        (current.multibase, None),
        (retired.multibase, retired.retired_at),
    ]
    assert len(keys.PEM_BLOCK.findall(text)) == 2  # still plain PEM to any other reader
    with pytest.raises(keys.NoSigningKey, match="Retired:"):
        keys.parse(text.replace("2026-12-03T17:00:00Z", "yesterday"))
