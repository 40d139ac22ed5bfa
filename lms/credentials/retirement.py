"""Retiring issuer keys: dating a retired key, removing a leaked one, and re-signing what a
removed key signed. The retirement time lives in the key file (``Retired:`` lines), never the
database; the audit trail records each change as the system's.

A retired key stays in the DID document (credentials it signed before still verify) but a proof
it made after its retirement is refused. A leaked key is removed from the file, so from the DID
document, and its public key is listed on a ``Removed:`` line, so a proof by it is refused
through its did:key form too: every credential it signed stops verifying until ``credentials
backfill`` signs it again with the current key (same content, same status indexes).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.audit.services import record
from lms.certificates.models import Certificate
from lms.credentials import did, keys, proofs
from lms.credentials.models import BadgeCredential


class RetireError(ValueError):
    """The key cannot be retired as asked (the message says why and what to do)."""


@dataclass(frozen=True)
class Retirement:
    key: keys.IssuerKey
    removed: bool


def _names(key: keys.IssuerKey, wanted: str) -> bool:
    return wanted in (key.key_id, key.multibase, did.method_id(key), did.did_key(key))


def retire(path: Path, wanted: str, *, compromised: bool, now: datetime | None = None):
    """Date the key ``wanted`` (its id, ``key-...``, or its ``z6Mk...``) as retired from ``now``,
    or with ``compromised`` remove it from the file. The current key is refused: rotate first."""
    if not path.exists():
        raise RetireError(f"There is no key file at {path}.")
    ring = keys.parse(path.read_text(encoding="utf-8"))
    found = [i for i, key in enumerate(ring) if _names(key, wanted)]
    if not found:
        listed = ", ".join(key.key_id for key in ring)
        raise RetireError(f"No key {wanted} in {path} (it has {listed}).")
    if len(found) > 1:
        raise RetireError(f"{wanted} is in {path} more than once: remove the copies by hand.")
    (index,) = found
    if index == 0:
        raise RetireError(
            f"{ring[0].key_id} is the current key: run `flask --app lms credentials keygen` "
            "first, so a new key signs from now, then retire this one."
        )
    key = ring[index]
    removed = frozenset()
    if compromised:
        del ring[index]
        removed = frozenset({key.multibase})  # kept as a Removed: line, so it stays refused
    elif key.retired_at is None:
        key = ring[index] = keys.IssuerKey(
            key.private, (now or datetime.now(UTC)).replace(microsecond=0)
        )
    keys.write_file(path, ring, removed)
    return Retirement(key, compromised)


def _method(row: BadgeCredential) -> str:
    proof = json.loads(row.json).get("proof")
    return str(proof.get("verificationMethod")) if isinstance(proof, dict) else ""


def signed_by(session: Session, key: keys.IssuerKey) -> list[str]:
    """The numbers of the certificates whose credential ``key`` signed."""
    stmt = (
        select(Certificate.number, BadgeCredential)
        .join(BadgeCredential, BadgeCredential.certificate_id == Certificate.id)
        .where(BadgeCredential.json.contains(key.multibase[4:16]))  # its key id; checked below
        .order_by(Certificate.number)
    )
    methods = {did.method_id(key), f"{did.did_key(key)}#{key.multibase}"}
    return [number for number, row in session.execute(stmt) if _method(row) in methods]


def unpublished(session: Session) -> list[BadgeCredential]:
    """Credentials signed by a key the DID document no longer lists (removed as leaked)."""
    published = {did.method_id(key) for key in keys.issuer_keys()}
    rows = session.scalars(select(BadgeCredential).order_by(BadgeCredential.id))
    return [row for row in rows if _method(row) not in published]


def resign(row: BadgeCredential) -> None:
    """Sign ``row``'s credential again with the current key: same content, same indexes."""
    unsecured = {k: v for k, v in json.loads(row.json).items() if k != "proof"}
    row.json = json.dumps(proofs.sign(unsecured), separators=(",", ":"), ensure_ascii=False)


def audit(
    session: Session, action: str, key: keys.IssuerKey, certificates: int | None = None
) -> None:
    """Record a key change on the trail as the system's (no scheme: it is the whole site's)."""
    retired = keys.stamp(key.retired_at) if key.retired_at else None
    record(
        session,
        actor=None,
        action=action,
        subject_type="credential_key",
        subject_id=key.key_id,
        details={"public_key": key.multibase, "retired_at": retired, "certificates": certificates},
    )
