"""Bitstring Status Lists (W3C): one signed list per purpose, revocation and suspension.

Each list has a key: the purpose for the certificates' lists, ``conformance-`` and the purpose
for the conformance issuer's (lms/credentials/conformance.py: test-suite credentials only, served
at their own address, never mixed into the certificates' lists).

Each list is 131,072 bits (index 0 is the most significant bit of the first byte), gzipped,
base64url without padding and prefixed ``u``. A list is rebuilt and signed in the same
transaction as the status change that alters it, stored in ``status_lists`` (one row per purpose,
shared by every app server) and served from that row: a check never costs a query per credential.
"""

from __future__ import annotations

import base64
import gzip
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.certificates.models import Certificate
from lms.credentials import contexts, did, proofs
from lms.credentials.models import BadgeCredential, ConformanceStatusEntry, StatusList
from lms.db import utcnow
from lms.links import external_url

LENGTH = 131_072
PURPOSES = ("revocation", "suspension")
CONFORMANCE = "conformance-"
CONFORMANCE_KEYS = tuple(CONFORMANCE + p for p in PURPOSES)


def purpose_of(key: str) -> str:
    """The statusPurpose of the list ``key``: ``conformance-revocation`` is a revocation list."""
    return key.removeprefix(CONFORMANCE)


def list_url(key: str) -> str:
    if key.startswith(CONFORMANCE):
        return external_url("credentials.conformance_status_list", purpose=purpose_of(key))
    return external_url("credentials.status_list", purpose=key)


def encode(indexes: set[int]) -> str:
    bits = bytearray(LENGTH // 8)
    for index in indexes:
        bits[index // 8] |= 0x80 >> (index % 8)
    packed = base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).rstrip(b"=")
    return "u" + packed.decode()


def decode(encoded: str) -> bytes:
    if not encoded.startswith("u"):
        raise ValueError("an encodedList starts with the multibase prefix u")
    data = encoded[1:]
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def bit(bits: bytes, index: int) -> bool:
    return bool((bits[index // 8] >> (7 - index % 8)) & 1)


def _set_indexes(session: Session, purpose: str) -> set[int]:
    """The indexes whose bit is set: revoked certificates, or suspended and not revoked. One a
    renewal replaced is neither: its credential runs to its own validUntil (the holder is still
    certified; "revoked" would wrong them). A conformance list: the entries set on it."""
    if purpose.startswith(CONFORMANCE):
        return set(
            session.scalars(
                select(ConformanceStatusEntry.status_index).where(
                    ConformanceStatusEntry.purpose == purpose_of(purpose),
                    ConformanceStatusEntry.is_set.is_(True),
                )
            )
        )
    column = (
        BadgeCredential.revocation_index
        if purpose == "revocation"
        else BadgeCredential.suspension_index
    )
    stmt = select(column).join(Certificate, Certificate.id == BadgeCredential.certificate_id)
    if purpose == "revocation":
        stmt = stmt.where(Certificate.revoked_at.is_not(None))
    else:
        stmt = stmt.where(Certificate.suspended_at.is_not(None), Certificate.revoked_at.is_(None))
    return set(session.scalars(stmt))


def build(session: Session, purpose: str, now: datetime | None = None) -> dict[str, Any]:
    """The signed BitstringStatusListCredential for ``purpose``, as the database says today."""
    url = list_url(purpose)
    now = now or utcnow()
    credential = {
        "@context": [contexts.CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": did.did_web(),
        "validFrom": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose_of(purpose),
            "encodedList": encode(_set_indexes(session, purpose)),
        },
    }
    return proofs.sign(credential)


def regenerate(session: Session, purposes: tuple[str, ...] = PURPOSES) -> None:
    """Rebuild, sign and store the lists (in the caller's transaction). Raises NoSigningKey."""
    now = utcnow()
    for purpose in purposes:
        # Lock the list's row before reading the statuses: two changes at once then rebuild one
        # after the other, the second seeing the first's commit, so neither bit is lost.
        row = session.scalar(
            select(StatusList).where(StatusList.purpose == purpose).with_for_update()
        )
        text = json.dumps(build(session, purpose, now), separators=(",", ":"), sort_keys=True)
        if row is None:
            session.add(StatusList(purpose=purpose, json=text, updated_at=now))
        else:
            row.json, row.updated_at = text, now
    session.flush()


def ensure(session: Session, purposes: tuple[str, ...] = PURPOSES) -> None:
    """Store whichever lists do not exist yet (the first credential issued makes them)."""
    have = set(session.scalars(select(StatusList.purpose)))
    missing = tuple(p for p in purposes if p not in have)
    if missing:
        regenerate(session, missing)


_SERVED: dict[tuple[str, str], tuple[datetime, str]] = {}


def served(session: Session, purpose: str) -> tuple[str, datetime | None]:
    """The stored list's JSON and when it changed: one small query, the JSON cached by time."""
    stamp = session.scalar(select(StatusList.updated_at).where(StatusList.purpose == purpose))
    if stamp is None:
        return json.dumps(build(session, purpose), sort_keys=True), None
    key = (str(session.get_bind().url), purpose)
    cached = _SERVED.get(key)
    if cached is None or cached[0] != stamp:
        text = session.scalar(select(StatusList.json).where(StatusList.purpose == purpose))
        cached = _SERVED[key] = (stamp, text or "")
    return cached[1], stamp
