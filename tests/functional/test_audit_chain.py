"""The keyed audit chain and its signed checkpoints: every kind of tampering is named."""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path

import pytest
from sqlalchemy import delete, select

from lms.audit.models import AuditEvent
from lms.audit.seal import GENESIS, LEGACY, AuditKeys, canonical, fingerprint, plain_sha256
from lms.audit.services import record
from lms.extensions import db


def _events(n: int, actor=None) -> list[int]:
    """Record ``n`` events and commit; their ids in order."""
    ids = [
        record(
            db.session,
            actor=actor,
            action="person.updated",
            subject_type="person",
            subject_id=i,
            reason=f"change {i}",
        ).id
        for i in range(n)
    ]
    db.session.commit()
    return ids


def _trail() -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def _verify(runner, *extra: str):
    return runner.invoke(args=["audit", "verify", *extra])


def _checkpoint(runner) -> dict:
    result = runner.invoke(args=["audit", "checkpoint"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout.strip().splitlines()[-1])


def _rewrite(make_hash, seal: str | None = None) -> None:
    """Rewrite every event's reason and recompute the whole chain with ``make_hash``."""
    prev = GENESIS
    for event in _trail():
        event.reason = "rewritten"
        if seal is not None:
            event.seal = seal
        event.prev_hash = prev
        event.hash = prev = make_hash(event)
    db.session.commit()


def _plain_sha256(event: AuditEvent) -> str:
    return plain_sha256(event)


_COLUMNS = (
    "occurred_at",
    "actor_id",
    "actor_name",
    "action",
    "subject_type",
    "subject_id",
    "scheme_id",
    "reason",
    "details",
    "prev_hash",
)


def test_new_events_are_sealed_with_hmac_under_the_audit_key(app):
    """Events carry seal hmac-sha256:<key id>; their hash is not the plain SHA-256 of the row."""
    _events(1)
    (event,) = _trail()
    assert event.seal == "hmac-sha256:1"
    assert event.hash != _plain_sha256(event)
    app.config["AUDIT_KEY"] = "another-key"
    assert fingerprint(event, AuditKeys.from_config(app.config)) != event.hash


def _edit(ids):
    db.session.get(AuditEvent, ids[2]).reason = "quietly rewritten"


def _delete_middle(ids):
    db.session.execute(delete(AuditEvent).where(AuditEvent.id == ids[2]))


def _reorder(ids):
    a, b = db.session.get(AuditEvent, ids[1]), db.session.get(AuditEvent, ids[2])
    a.subject_id, b.subject_id = b.subject_id, a.subject_id
    a.reason, b.reason = b.reason, a.reason
    a.prev_hash, b.prev_hash = b.prev_hash, a.prev_hash
    a_hash, b_hash = a.hash, b.hash
    a.hash, b.hash = "swap", "swap-2"
    db.session.flush()
    a.hash, b.hash = b_hash, a_hash


@pytest.mark.parametrize(
    ("tamper", "broken", "problem"),
    [
        (_edit, 2, "was changed after it was written"),
        (_delete_middle, 3, "does not follow the event before it"),
        (_reorder, 1, "does not follow the event before it"),
    ],
)
def test_edit_delete_and_reorder_are_named_by_event(runner, tamper, broken, problem):
    """Editing, deleting or reordering events breaks the chain at the first event touched."""
    ids = _events(5)
    _checkpoint(runner)
    assert _verify(runner).exit_code == 0
    tamper(ids)
    db.session.commit()
    result = _verify(runner)
    assert result.exit_code == 1
    assert f"broken at event {ids[broken]}: it {problem}" in result.output


def test_deleting_the_newest_events_is_caught_by_a_checkpoint(runner):
    """Truncation leaves a valid chain, but fewer events than a checkpoint counted."""
    ids = _events(5)
    checkpoint = _checkpoint(runner)
    assert checkpoint["count"] == 5 and checkpoint["last_id"] == ids[-1]
    db.session.execute(delete(AuditEvent).where(AuditEvent.id >= ids[3]))
    db.session.commit()
    result = _verify(runner)
    assert result.exit_code == 1 and "broken at event" not in result.output
    assert (
        f"the trail has 3 events but checkpoint {checkpoint['at']} counted 5: events were deleted"
    ) in result.output


def test_truncating_then_writing_new_events_is_caught_by_a_checkpoint(runner):
    """Deleting the newest events and recording as many new ones does not fool a checkpoint."""
    ids = _events(4)
    checkpoint = _checkpoint(runner)
    db.session.execute(delete(AuditEvent).where(AuditEvent.id == ids[-1]))
    db.session.commit()
    _events(1)
    result = _verify(runner)
    assert result.exit_code == 1
    # PostgreSQL gives the new event a new id; SQLite may reuse the deleted one's.
    assert f"checkpoint {checkpoint['at']} recorded" in result.output
    assert f"recorded event {ids[-1]} there" in result.output or "rewritten" in result.output


def test_full_rewrite_with_plain_hashes_fails_the_keyed_chain_and_the_checkpoint(runner):
    """Recomputing every hash with plain SHA-256 fails the HMAC at the first event."""
    ids = _events(4)
    checkpoint = _checkpoint(runner)
    _rewrite(_plain_sha256)
    result = _verify(runner)
    assert result.exit_code == 1
    assert f"broken at event {ids[0]}: it was changed after it was written" in result.output
    assert f"checkpoint {checkpoint['at']} recorded: the trail was rewritten" in result.output


def test_full_rewrite_passed_off_as_legacy_events_is_refused_and_caught_by_the_checkpoint(
    runner,
):
    """Relabelling every event as pre-key SHA-256 makes a self-consistent plain chain: its
    first event is refused as unkeyed, and the signed checkpoint's hash differs too."""
    ids = _events(4)
    checkpoint = _checkpoint(runner)
    _rewrite(_plain_sha256, seal=LEGACY)
    result = _verify(runner)
    assert result.exit_code == 1
    assert (
        f"broken at event {ids[0]}: it is an unkeyed event (seal sha256), so the trail was "
        "rewritten"
    ) in result.output
    assert (
        f"event {ids[-1]} does not have the fingerprint checkpoint {checkpoint['at']} recorded"
    ) in result.output


def test_full_rewrite_passed_off_as_legacy_events_fails_even_without_checkpoints(runner):
    """Someone without the key who re-seals every event as plain SHA-256 is caught by the
    chain alone, even when checkpoints are waived with --no-checkpoints."""
    ids = _events(4)
    _rewrite(_plain_sha256, seal=LEGACY)
    result = _verify(runner, "--no-checkpoints")
    assert result.exit_code == 1
    assert f"broken at event {ids[0]}: it is an unkeyed event" in result.output


def test_full_rewrite_with_a_wrong_key_fails(runner):
    """A chain recomputed with HMAC under a guessed key fails at its first event."""
    ids = _events(4)
    _checkpoint(runner)
    wrong = AuditKeys("1", b"guessed-key")
    _rewrite(lambda e: fingerprint(e, wrong))
    result = _verify(runner)
    assert result.exit_code == 1
    assert f"broken at event {ids[0]}: it was changed after it was written" in result.output
    assert "the trail was rewritten" in result.output


def test_a_forged_checkpoint_is_reported(app, runner):
    """A checkpoint whose signature does not verify is named as forged, and verify exits 1."""
    _events(3)
    _checkpoint(runner)
    path = Path(app.config["AUDIT_CHECKPOINT_PATH"])
    line = json.loads(path.read_text().splitlines()[0])
    line["count"] = 2
    signed_elsewhere = hmac.new(b"not-the-key", canonical(line), hashlib.sha256).hexdigest()
    path.write_text(json.dumps({**line, "sig": signed_elsewhere}) + "\n")
    result = _verify(runner)
    assert result.exit_code == 1
    assert f"checkpoint {line['at']} (line 1 of {path}) is forged" in result.output


def test_checkpoint_is_printed_and_appended(app, runner):
    """Each checkpoint is one signed JSON line on stdout and at the end of the file."""
    _events(2)
    first, second = _checkpoint(runner), _checkpoint(runner)
    lines = Path(app.config["AUDIT_CHECKPOINT_PATH"]).read_text().splitlines()
    assert [json.loads(x) for x in lines] == [first, second]
    assert set(first) == {"v", "at", "count", "last_id", "last_hash", "key_id", "sig"}
    assert first["last_hash"] == _trail()[-1].hash and first["key_id"] == "1"
    result = _verify(runner)
    assert result.exit_code == 0 and "Compared with 2 signed checkpoints" in result.output


def test_verify_reads_checkpoints_from_the_path_given(app, runner, tmp_path):
    """``--checkpoints`` names a file or a folder of .jsonl files kept elsewhere."""
    ids = _events(3)
    _checkpoint(runner)
    elsewhere = tmp_path / "copies"
    elsewhere.mkdir()
    Path(app.config["AUDIT_CHECKPOINT_PATH"]).rename(elsewhere / "host-a.jsonl")
    db.session.execute(delete(AuditEvent).where(AuditEvent.id == ids[-1]))
    db.session.commit()
    result = _verify(runner)
    assert result.exit_code == 1 and "no checkpoints were found at" in result.output
    result = _verify(runner, "--checkpoints", str(elsewhere))
    assert result.exit_code == 1 and "counted 3: events were deleted" in result.output
    result = _verify(runner, "--checkpoints", str(elsewhere / "host-a.jsonl"))
    assert result.exit_code == 1 and "counted 3: events were deleted" in result.output


def _legacy_event(prev: str, i: int) -> AuditEvent:
    """An event as the app wrote them before the chain was keyed."""
    from datetime import UTC, datetime

    event = AuditEvent(
        occurred_at=datetime(2026, 11, 1, 9, i, tzinfo=UTC),
        actor_id=None,
        actor_name="System",
        action="person.updated",
        subject_type="person",
        subject_id=str(i),
        scheme_id=None,
        reason="",
        details={},
        prev_hash=prev,
        seal=LEGACY,
    )
    payload = {c: getattr(event, c) for c in _COLUMNS}
    payload["occurred_at"] = event.occurred_at.isoformat()
    event.hash = hashlib.sha256(canonical(payload)).hexdigest()
    return event


def test_a_plain_sha256_chain_is_refused_even_before_any_keyed_event(runner):
    """Migration 0011 re-sealed every plain event, so a valid plain chain (which anyone with
    the database can compute) is refused at its first event."""
    prev = GENESIS
    for i in range(3):
        event = _legacy_event(prev, i)
        db.session.add(event)
        prev = event.hash
    db.session.commit()
    _events(2)
    trail = _trail()
    _checkpoint(runner)
    result = _verify(runner)
    assert result.exit_code == 1
    assert f"broken at event {trail[0].id}: it is an unkeyed event" in result.output


def test_an_unkeyed_event_after_keyed_ones_is_refused(runner):
    """A plain SHA-256 event after keyed ones is refused as unkeyed."""
    _events(2)
    event = _legacy_event(_trail()[-1].hash, 9)
    db.session.add(event)
    db.session.commit()
    _checkpoint(runner)
    result = _verify(runner)
    assert result.exit_code == 1
    assert f"broken at event {event.id}: it is an unkeyed event" in result.output


def test_events_and_checkpoints_under_a_rotated_key_verify_with_audit_keys_old(app, runner):
    """After rotation the old key, listed in AUDIT_KEYS_OLD by its id, still verifies its events
    and checkpoints; without it they are reported, not passed."""
    _events(2)
    _checkpoint(runner)
    old = app.config["AUDIT_KEY"]
    app.config.update(AUDIT_KEY="the-new-key", AUDIT_KEY_ID="2", AUDIT_KEYS_OLD={"1": old})
    _events(1)
    assert _trail()[-1].seal == "hmac-sha256:2"
    assert _verify(runner).exit_code == 0
    app.config["AUDIT_KEYS_OLD"] = {}
    result = _verify(runner)
    assert result.exit_code == 1
    assert "is sealed with an audit key this server does not have" in result.output
    assert "signed with audit key '1', which this server does not have" in result.output


def test_admin_verify_page_shows_checkpoint_problems(runner, client, login, people):
    """The admin check page compares with the checkpoints too and names deleted events."""
    login("admin")
    ids = _events(3, actor=people["admin"])
    checkpoint = _checkpoint(runner)
    total = checkpoint["count"]
    html = client.get("/admin/audit/verify").get_data(as_text=True)
    assert f"The audit trail is intact: {total} events checked" in html
    assert "It matches 1 signed checkpoint." in html
    db.session.execute(delete(AuditEvent).where(AuditEvent.id == ids[-1]))
    db.session.commit()
    html = client.get("/admin/audit/verify").get_data(as_text=True)
    assert "does not match its checkpoints" in html
    assert (
        f"The trail has {total - 1} events but checkpoint {checkpoint['at']} counted {total}"
    ) in html


def test_admin_verify_page_says_when_there_are_no_checkpoints(client, login):
    """Without checkpoints the page warns that deleting the newest events goes unnoticed."""
    login("admin")
    html = client.get("/admin/audit/verify").get_data(as_text=True)
    assert "No checkpoints were found" in html and "audit checkpoint" in html


def test_admin_verify_page_shows_missing_checkpoints_as_a_problem(client, login, people):
    """A trail with events but no checkpoint is not reported intact: truncation would pass."""
    login("admin")
    _events(2, actor=people["admin"])
    html = client.get("/admin/audit/verify").get_data(as_text=True)
    assert "The audit trail is intact" not in html
    assert "No checkpoints were found, so the trail cannot be fully checked" in html
    assert "changed outside the service" not in html


def test_verify_fails_without_checkpoints_unless_waived(runner):
    """audit verify exits 1 when events have no checkpoint; --no-checkpoints passes and says
    what that leaves undetected; an empty trail needs none."""
    assert _verify(runner).exit_code == 0
    _events(2)
    result = _verify(runner)
    assert result.exit_code == 1
    assert "Audit trail not anchored: no checkpoints were found at" in result.output
    assert "--no-checkpoints" in result.output
    result = _verify(runner, "--no-checkpoints")
    assert result.exit_code == 0, result.output
    assert "deleting the newest events (or all of them)" in result.output
    assert "2 events checked" in result.output
