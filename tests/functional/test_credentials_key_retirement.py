"""Key retirement: keygen dates the key it retires (in the key file), a proof a retired key made
after that is refused, a leaked key is removed from the DID document and backfill signs what it
signed again; each change is on the audit trail as the system's."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from lms.audit.models import AuditEvent
from lms.credentials import did, keys, proofs
from lms.credentials.models import BadgeCredential
from lms.extensions import db
from tests.credentials import credential_of, issue_certificate

DOC = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential"],
    "issuer": "did:web:lms.test",
    "credentialSubject": {"id": "urn:x:someone"},
}


@pytest.fixture
def key_file(app, runner, tmp_path):
    path = tmp_path / "issuer-keys.pem"
    app.config.update(CREDENTIAL_SIGNING_KEY=None, CREDENTIAL_KEY_FILE=str(path))
    assert runner.invoke(args=["credentials", "keygen"]).exit_code == 0
    return path


def _actions() -> list[tuple[str, str, str | None]]:
    events = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).all()
    return [
        (e.action, e.subject_id, e.actor_name) for e in events if e.subject_type == "credential_key"
    ]


def test_keygen_dates_the_key_it_retires_and_a_later_proof_by_it_is_refused(
    app, client, people, runner, key_file, monkeypatch
):
    old = keys.current_key()
    cert = issue_certificate(people)
    rotated = runner.invoke(args=["credentials", "keygen"])
    assert f"{old.key_id} retired at" in rotated.output
    text = key_file.read_text()
    assert text.count("Retired: ") == 1 and text.index("Retired: ") > text.index("END PRIVATE")
    ring = keys.issuer_keys()
    assert ring[0].retired_at is None and ring[1].multibase == old.multibase
    assert ring[1].retired_at is not None
    document = client.get("/.well-known/did.json").get_json(force=True)
    assert [m["publicKeyMultibase"] for m in document["verificationMethod"]] == [
        ring[0].multibase,
        old.multibase,
    ]
    assert proofs.verify(credential_of(cert)) == "did:web:lms.test"  # signed before: still good

    monkeypatch.setattr(proofs, "created_now", lambda: "2099-01-01T00:00:00Z")
    late = proofs.sign(DOC, old)  # the leaked old key, signing after its retirement
    with pytest.raises(proofs.ProofError, match="retired at"):
        proofs.verify(late)
    answer = client.post("/credentials/verify", json={"verifiableCredential": late})
    assert answer.status_code == 422 and "retired" in answer.get_json()["errors"][0]["message"]
    as_key = proofs.sign(
        {**DOC, "issuer": did.did_key(old)}, old, method=f"{did.did_key(old)}#{old.multibase}"
    )
    with pytest.raises(proofs.ProofError, match="retired at"):
        proofs.verify(as_key)  # its did:key form is ours too, so the retirement holds
    assert proofs.verify(proofs.sign(DOC)) == "did:web:lms.test"  # the new key is fine
    assert [a for a, _, _ in _actions()] == [
        "credential_key.created",
        "credential_key.created",
        "credential_key.retired",
    ]
    assert _actions()[-1] == ("credential_key.retired", old.key_id, "System")


def test_a_compromised_key_leaves_the_did_document_and_backfill_signs_again(
    app, client, people, runner, key_file
):
    leaked = keys.current_key()
    cert = issue_certificate(people)
    before = credential_of(cert)
    assert runner.invoke(args=["credentials", "keygen"]).exit_code == 0
    result = runner.invoke(args=["credentials", "retire-key", leaked.key_id, "--compromised"])
    assert result.exit_code == 0, result.output
    assert f"Removed {leaked.key_id}" in result.output
    assert "1 certificate(s)" in result.output and cert.number in result.output
    assert "backfill" in result.output
    assert [k.multibase for k in keys.parse(key_file.read_text())] == [keys.current_key().multibase]
    document = client.get("/.well-known/did.json").get_json(force=True)
    assert leaked.multibase not in json.dumps(document)
    with pytest.raises(proofs.ProofError, match="Unknown verification method"):
        proofs.verify(before)
    assert f"Removed: {leaked.multibase}" in key_file.read_text()  # public key only
    as_key = proofs.sign(
        {**DOC, "issuer": did.did_key(leaked)},
        leaked,
        method=f"{did.did_key(leaked)}#{leaked.multibase}",
    )
    with pytest.raises(proofs.ProofError, match="removed as leaked"):
        proofs.verify(as_key)  # nor through its did:key form, at any date
    assert _actions()[-1] == ("credential_key.removed", leaked.key_id, "System")
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.details["certificates"] == 1 and event.details["public_key"] == leaked.multibase

    backfill = runner.invoke(args=["credentials", "backfill"])
    assert "signed 1 again" in backfill.output, backfill.output
    after = credential_of(cert)
    assert proofs.verify(after) == "did:web:lms.test"
    assert after["proof"]["verificationMethod"] == did.method_id(keys.current_key())
    assert {k: v for k, v in after.items() if k != "proof"} == {
        k: v for k, v in before.items() if k != "proof"
    }  # same content and status entries
    again = runner.invoke(args=["credentials", "backfill"])
    assert "signed 0 again" in again.output
    assert len(db.session.scalars(select(BadgeCredential)).all()) == 1
    assert runner.invoke(args=["credentials", "keygen"]).exit_code == 0
    assert f"Removed: {leaked.multibase}" in key_file.read_text()  # a rotation keeps the line


def test_retire_key_dates_an_undated_old_key_and_refuses_the_current_one(
    app, runner, key_file, tmp_path
):
    current = keys.current_key()
    assert runner.invoke(args=["credentials", "keygen"]).exit_code == 0
    ring = keys.parse(key_file.read_text())
    keys.write_file(key_file, [ring[0], keys.IssuerKey(ring[1].private)])  # as before dating
    assert keys.parse(key_file.read_text())[1].retired_at is None
    done = runner.invoke(args=["credentials", "retire-key", current.multibase])
    assert done.exit_code == 0 and f"{current.key_id} is retired from" in done.output
    assert keys.parse(key_file.read_text())[1].retired_at is not None
    refused = runner.invoke(args=["credentials", "retire-key", keys.current_key().key_id])
    assert refused.exit_code != 0 and "current key" in refused.output
    unknown = runner.invoke(args=["credentials", "retire-key", "key-nothing"])
    assert unknown.exit_code != 0 and "No key key-nothing" in unknown.output


def test_a_retired_first_key_does_not_sign(app, key_file):
    ring = keys.parse(key_file.read_text())
    keys.write_file(key_file, [keys.IssuerKey(ring[0].private, datetime(2026, 1, 1, tzinfo=UTC))])
    with pytest.raises(keys.NoSigningKey, match="keygen"):
        keys.current_key()
