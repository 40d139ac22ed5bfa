"""Signed checkpoints of the audit trail's head, kept outside the database.

A checkpoint says "at this time the trail held N events and the last was event I with hash H",
signed with HMAC under the audit key. Appended to a JSON-lines file (``AUDIT_CHECKPOINT_PATH``)
and copied elsewhere (write-once storage, another machine, an email), it lets ``audit verify``
notice newest events deleted, or the whole trail rewritten, which the chain alone cannot.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from lms.audit.models import AuditEvent
from lms.audit.seal import GENESIS, AuditKeys, canonical

VERSION = 1
_DOMAIN = b"lms-audit-checkpoint\n"  # a checkpoint signature is never a valid event hash


@dataclass(frozen=True)
class Checkpoint:
    """The head of the trail at one moment, with its signature."""

    at: str
    count: int
    last_id: int | None
    last_hash: str
    key_id: str
    signature: str = ""

    def body(self) -> dict[str, object]:
        return {
            "v": VERSION,
            "at": self.at,
            "count": self.count,
            "last_id": self.last_id,
            "last_hash": self.last_hash,
            "key_id": self.key_id,
        }

    def line(self) -> str:
        """The checkpoint as one JSON line, as written to the file and printed."""
        return json.dumps({**self.body(), "sig": self.signature}, sort_keys=True)


def _sign(body: dict[str, object], key: bytes) -> str:
    return hmac.new(key, _DOMAIN + canonical(body), hashlib.sha256).hexdigest()


def take(session: Session, keys: AuditKeys, now: datetime) -> Checkpoint:
    """A signed checkpoint of the trail as it stands in ``session``."""
    # One statement, so the count and the last event come from the same snapshot.
    total = select(func.count()).select_from(AuditEvent).scalar_subquery()
    last = session.execute(
        select(AuditEvent.id, AuditEvent.hash, total).order_by(AuditEvent.id.desc()).limit(1)
    ).first()
    count = last[2] if last else 0
    unsigned = Checkpoint(
        at=now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        count=count,
        last_id=last.id if last else None,
        last_hash=last.hash if last else GENESIS,
        key_id=keys.current_id,
    )
    return Checkpoint(**{**unsigned.__dict__, "signature": _sign(unsigned.body(), keys.current)})


def append(path: Path, checkpoint: Checkpoint) -> None:
    """Add ``checkpoint`` to the end of the file at ``path``, making its folder if need be."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as file:
        file.write(checkpoint.line() + "\n")


@dataclass(frozen=True)
class Loaded:
    """The checkpoints whose signatures hold, and what was wrong with the rest."""

    checkpoints: list[Checkpoint]
    problems: list[str]
    found: bool


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in {".jsonl", ".json"})
    return [path] if path.exists() else []


def _parse(raw: str) -> Checkpoint:
    data = json.loads(raw)
    if not isinstance(data, dict) or data.get("v") != VERSION:
        raise ValueError("not a checkpoint")
    count, last_id = data["count"], data["last_id"]
    if not isinstance(count, int) or count < 0 or not (last_id is None or isinstance(last_id, int)):
        raise ValueError("not a checkpoint")
    return Checkpoint(
        at=str(data["at"]),
        count=count,
        last_id=last_id,
        last_hash=str(data["last_hash"]),
        key_id=str(data["key_id"]),
        signature=str(data["sig"]),
    )


def load(path: Path, keys: AuditKeys) -> Loaded:
    """Read every checkpoint in the file (or the ``.jsonl`` files of the folder) at ``path``.

    A line that is not a checkpoint, or whose signature does not verify under the key it names,
    is a problem: a checkpoint nobody could have signed is a forgery.
    """
    files = _files(path)
    good: list[Checkpoint] = []
    problems: list[str] = []
    for file in files:
        for number, raw in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if not raw.strip():
                continue
            where = f"line {number} of {file}"
            try:
                checkpoint = _parse(raw)
            except (ValueError, KeyError, TypeError):
                problems.append(f"{where} is not a checkpoint: it cannot be read")
                continue
            key = keys.key(checkpoint.key_id)
            if key is None:
                problems.append(
                    f"checkpoint {checkpoint.at} ({where}) is signed with audit key "
                    f"{checkpoint.key_id!r}, which this server does not have: add it to "
                    "AUDIT_KEYS_OLD, or the checkpoint is forged"
                )
            elif not hmac.compare_digest(_sign(checkpoint.body(), key), checkpoint.signature):
                problems.append(
                    f"checkpoint {checkpoint.at} ({where}) is forged: its signature does not "
                    "verify under the audit key"
                )
            else:
                good.append(checkpoint)
    return Loaded(good, problems, found=bool(files))
