"""Status entries from the conformance issuer (POST /credentials/issue, test suites only): their
shape, indexes never reused, lists apart from the certificates', and VC-API update status."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from lms.credentials import conformance, did, proofs, status_lists
from lms.credentials.models import ConformanceStatusEntry, StatusList
from lms.extensions import db
from tests.credentials import credential_of, issue_certificate

BASE = "http://lms.test/credentials/status/conformance/"
VC = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential"],
    "credentialSubject": {"id": "did:key:z6MkhTNL7i2etLerDK8Acz5t528giE5KA4p75T6ka1E1D74r"},
}


def _vc(**extra) -> dict:
    """VC with our did:web as its issuer (the issue endpoint adds none of its own)."""
    return {**VC, "issuer": did.did_web(), **extra}


def _issue(client, statuses, vc_id="urn:uuid:one"):
    options = {"credentialStatus": statuses}
    response = client.post(
        "/credentials/issue", json={"credential": _vc(id=vc_id), "options": options}
    )
    assert response.status_code == 201, response.get_json()
    return response.get_json()["verifiableCredential"]


def _bit(client, entry) -> bool:
    served = client.get(entry["statusListCredential"])
    assert served.status_code == 200
    subject = served.get_json(force=True)["credentialSubject"]
    assert subject["statusPurpose"] == entry["statusPurpose"]
    bits = status_lists.decode(subject["encodedList"])
    return status_lists.bit(bits, int(entry["statusListIndex"]))


def test_issue_adds_the_entries_asked_for(app, client):
    vc = _issue(
        client,
        [
            {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"},
            {"type": "BitstringStatusListEntry", "statusPurpose": "suspension"},
        ],
    )
    assert proofs.verify(vc) == "did:web:lms.test"  # the entries are inside the signature
    entries = vc["credentialStatus"]
    assert [e["statusPurpose"] for e in entries] == ["revocation", "suspension"]
    for entry in entries:
        assert set(entry) == {
            "id",
            "type",
            "statusPurpose",
            "statusListIndex",
            "statusListCredential",
        }
        assert entry["type"] == "BitstringStatusListEntry"
        assert entry["statusListCredential"] == BASE + entry["statusPurpose"]
        assert entry["id"] == f"{entry['statusListCredential']}#{entry['statusListIndex']}"
        index = entry["statusListIndex"]
        assert index == str(int(index)) and 0 <= int(index) < status_lists.LENGTH
        assert _bit(client, entry) is False
        served = client.get(entry["statusListCredential"]).get_json(force=True)
        assert served["id"] == entry["statusListCredential"]
        assert proofs.verify(served) == "did:web:lms.test"  # signed like the real lists
    check = client.post("/credentials/verify", json={"verifiableCredential": vc})
    assert check.status_code == 200 and check.get_json()["checks"] == ["proof", "status"]


def test_one_entry_object_and_no_options_mean_one_and_none(app, client):
    one = _issue(client, {"type": "BitstringStatusListEntry", "statusPurpose": "suspension"})
    assert one["credentialStatus"]["statusPurpose"] == "suspension"
    plain = client.post("/credentials/issue", json={"credential": _vc()}).get_json()
    assert "credentialStatus" not in plain["verifiableCredential"]


@pytest.mark.parametrize(
    "statuses",
    [
        {"type": "StatusList2021Entry", "statusPurpose": "revocation"},
        {"type": "BitstringStatusListEntry", "statusPurpose": "message"},
        ["revocation"],
    ],
)
def test_odd_status_options_are_refused(app, client, statuses):
    response = client.post(
        "/credentials/issue", json={"credential": _vc(), "options": {"credentialStatus": statuses}}
    )
    assert response.status_code == 422
    assert db.session.scalars(select(ConformanceStatusEntry)).all() == []


def test_indexes_are_stored_and_never_handed_out_twice(app, client, monkeypatch):
    picks = iter([7, 7, 7, 9])  # the random pick repeats: the taken index is passed over
    monkeypatch.setattr(conformance.secrets, "randbelow", lambda n: next(picks))
    status = {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"}
    first = _issue(client, status, "urn:uuid:a")["credentialStatus"]["statusListIndex"]
    second = _issue(client, status, "urn:uuid:b")["credentialStatus"]["statusListIndex"]
    assert (first, second) == ("7", "9")
    rows = db.session.scalars(select(ConformanceStatusEntry)).all()
    assert sorted((r.purpose, r.status_index, r.credential_id) for r in rows) == [
        ("revocation", 7, "urn:uuid:a"),
        ("revocation", 9, "urn:uuid:b"),
    ]


def test_conformance_lists_never_touch_the_certificates_lists(app, client, people):
    cert = issue_certificate(people)
    real = credential_of(cert)["credentialStatus"]
    before = {row.purpose: row.json for row in db.session.scalars(select(StatusList))}
    vc = _issue(client, {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"})
    entry = vc["credentialStatus"]
    assert entry["statusListCredential"] not in {e["statusListCredential"] for e in real}
    update = {"credentialId": vc["id"], "credentialStatus": {**entry, "status": True}}
    assert client.post("/credentials/status", json=update).status_code == 200
    after = {row.purpose: row.json for row in db.session.scalars(select(StatusList))}
    assert {k: after[k] for k in status_lists.PURPOSES} == before
    assert set(after) == {*status_lists.PURPOSES, *status_lists.CONFORMANCE_KEYS}
    for list_url in (e["statusListCredential"] for e in real):
        bits = status_lists.decode(
            json.loads(client.get(list_url).get_data())["credentialSubject"]["encodedList"]
        )
        assert not any(bits)


def test_a_status_update_changes_the_served_list_within_one_request(app, client):
    vc = _issue(client, {"type": "BitstringStatusListEntry", "statusPurpose": "suspension"})
    entry = vc["credentialStatus"]
    body = {
        "credentialId": vc["id"],
        "credentialStatus": {"type": "BitstringStatusListEntry", "statusPurpose": "suspension"},
    }  # the shape vc-bitstring-status-list-test-suite's updateStatus helper sends
    assert client.post("/credentials/status", json=body).status_code == 200
    assert _bit(client, entry) is True
    answer = client.post("/credentials/verify", json={"verifiableCredential": vc})
    assert answer.status_code == 422
    assert answer.get_json()["errors"][0]["message"] == "The credential has been suspended."
    cleared = {**body, "credentialStatus": {**body["credentialStatus"], "status": False}}
    assert client.post("/credentials/status", json=cleared).status_code == 200
    assert _bit(client, entry) is False
    unknown = {**body, "credentialId": "urn:uuid:never-issued"}
    assert client.post("/credentials/status", json=unknown).status_code == 404
    assert client.post("/credentials/status", json={"credentialId": vc["id"]}).status_code == 400


def test_all_of_it_is_404_unless_enabled(app, client):
    vc = _issue(client, {"type": "BitstringStatusListEntry", "statusPurpose": "revocation"})
    app.config["CREDENTIALS_ISSUE_ENDPOINT"] = False
    assert client.get(BASE + "revocation").status_code == 404
    assert client.get(BASE + "suspension").status_code == 404
    body = {"credentialId": vc["id"], "credentialStatus": vc["credentialStatus"]}
    assert client.post("/credentials/status", json=body).status_code == 404
    check = client.post("/credentials/verify", json={"verifiableCredential": vc}).get_json()
    assert [w["name"] for w in check["warnings"]] == ["STATUS_NOT_CHECKED"]


def test_a_did_key_issuer_gets_the_method_a_did_key_resolver_reads(app, client):
    """vc-di-eddsa resolves every verification method as a did:key (its resolver fails a did:web
    one with "Unsupported multibaseMultikeyHeader 'loca'"): configured with our did:key, the
    method must be ``did:key:z6Mk...#z6Mk...``, the key's own fingerprint as the fragment."""
    from lms.credentials import did, keys

    key = keys.current_key()
    as_key = did.did_key(key)
    response = client.post("/credentials/issue", json={"credential": {**VC, "issuer": as_key}})
    method = response.get_json()["verifiableCredential"]["proof"]["verificationMethod"]
    base, _, fragment = method.partition("#")
    assert base == as_key and fragment == key.multibase and fragment.startswith("z6Mk")
    controller, public, retired_at = did.resolve_method(method)
    assert (controller, keys.multibase(public), retired_at) == (as_key, key.multibase, None)
