"""Digital Bazaar's verifier (node, offline, the vendored contexts) checks our credentials: proof,
tampering, and the revocation and suspension status lists as the site serves them."""

from __future__ import annotations

import copy

from tests.credentials import (
    credential_of,
    issue_certificate,
    node_verify,
    reinstate,
    revoke,
    served,
    suspend,
)


def _statuses(answer) -> dict[str, bool]:
    return {s["purpose"]: s["set"] for s in answer["statuses"]}


def test_a_fresh_credential_verifies_with_no_status_set(app, client, people, tmp_path):
    cert = issue_certificate(people)
    answer = node_verify(credential_of(cert), served(client), tmp_path)
    assert answer["verified"] is True and answer["ok"] is True, answer
    assert _statuses(answer) == {"revocation": False, "suspension": False}


def test_a_tampered_credential_fails(app, client, people, tmp_path):
    cert = issue_certificate(people)
    tampered = copy.deepcopy(credential_of(cert))
    tampered["credentialSubject"]["achievement"]["name"] = "Senior Peer Mentor"
    answer = node_verify(tampered, served(client), tmp_path)
    assert answer["verified"] is False
    assert any("signature" in e.lower() for e in answer["errors"]), answer


def test_a_revoked_credential_is_reported_revoked(app, client, people, tmp_path):
    cert = issue_certificate(people)
    revoke(people, cert)
    answer = node_verify(credential_of(cert), served(client), tmp_path)
    assert answer["verified"] is True and answer["ok"] is False
    assert _statuses(answer) == {"revocation": True, "suspension": False}


def test_a_suspended_credential_is_reported_and_reinstatement_clears_it(
    app, client, people, tmp_path
):
    cert = issue_certificate(people)
    suspend(people, cert)
    answer = node_verify(credential_of(cert), served(client), tmp_path)
    assert _statuses(answer) == {"revocation": False, "suspension": True}
    assert answer["ok"] is False
    reinstate(people, cert)
    again = node_verify(credential_of(cert), served(client), tmp_path)
    assert again["ok"] is True and _statuses(again) == {"revocation": False, "suspension": False}
