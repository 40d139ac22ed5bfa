"""How an audit event's fingerprint is made: HMAC-SHA256 under the audit key, named by its id.

Events written before the trail was keyed carried plain SHA-256 (seal ``sha256``). Migration
0011 checked their chain and re-sealed them under the key, so verification now refuses any
``sha256`` seal: anyone can compute one, so it can only mean the trail was rewritten. The key
lives in the environment, never in the database, so someone who can only change the database
cannot recompute a keyed fingerprint.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64  # the prev_hash of the first event
LEGACY = "sha256"
KEYED = "hmac-sha256:"


@dataclass(frozen=True)
class AuditKeys:
    """The key new events are sealed with, and older keys that still verify."""

    current_id: str
    current: bytes
    old: dict[str, bytes] = field(default_factory=dict)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> AuditKeys:
        return cls(
            current_id=config["AUDIT_KEY_ID"],
            current=config["AUDIT_KEY"].encode(),
            old={kid: key.encode() for kid, key in config.get("AUDIT_KEYS_OLD", {}).items()},
        )

    @property
    def seal(self) -> str:
        """The seal written on new events: the scheme and the current key's id."""
        return KEYED + self.current_id

    def key(self, key_id: str) -> bytes | None:
        """The key with this id, or None when this server does not have it."""
        if key_id == self.current_id:
            return self.current
        return self.old.get(key_id)


def canonical(values: Mapping[str, Any]) -> bytes:
    """One fixed byte string for a mapping: sorted keys, no spaces."""
    return json.dumps(values, sort_keys=True, separators=(",", ":"), default=str).encode()


def _payload(event: Any) -> dict[str, Any]:
    return {
        "occurred_at": event.occurred_at.isoformat(),
        "actor_id": event.actor_id,
        "actor_name": event.actor_name,
        "action": event.action,
        "subject_type": event.subject_type,
        "subject_id": event.subject_id,
        "scheme_id": event.scheme_id,
        "reason": event.reason,
        "details": event.details,
        "prev_hash": event.prev_hash,
    }


def plain_sha256(event: Any) -> str:
    """The unkeyed hash events carried before the trail was keyed (only migration 0011 and tests
    use it: a ``sha256`` seal no longer verifies)."""
    return hashlib.sha256(canonical(_payload(event))).hexdigest()


def fingerprint(event: Any, keys: AuditKeys) -> str | None:
    """The keyed hash ``event`` should carry under its own seal; None if its seal is unkeyed
    (``sha256``) or names a key this server does not have."""
    if not event.seal.startswith(KEYED):
        return None
    key = keys.key(event.seal[len(KEYED) :])
    if key is None:
        return None
    body = canonical({**_payload(event), "seal": event.seal})
    return hmac.new(key, body, hashlib.sha256).hexdigest()


def seal(event: Any, keys: AuditKeys) -> str:
    """Seal ``event`` (an AuditEvent or anything with its fields) with the current key."""
    event.seal = keys.seal
    event.hash = fingerprint(event, keys)
    return event.hash
