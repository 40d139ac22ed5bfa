"""The issuer's Ed25519 keys, from the environment or a key file: never from the database.

``CREDENTIAL_SIGNING_KEY`` holds one or more PEM PKCS#8 private keys, or a base64url 32-byte
seed; otherwise ``CREDENTIAL_KEY_FILE`` names a PEM file of one or more keys. The first key signs;
the rest are retired keys whose public halves stay in the DID document so older credentials still
verify. A retired key's block is preceded by a ``Retired: <UTC time>`` line (PEM's explanatory
text, which other PEM readers skip): a proof by it made after that time is refused
(lms/credentials/proofs.py). ``keygen`` writes the line for the key it retires; ``retire-key``
(lms/credentials/retirement.py) dates an older key or removes a leaked one. In development and
tests with neither set, ``instance/credential-key.pem`` is made on first use; in production a
missing key raises ``NoSigningKey`` (certificates still issue).
"""

from __future__ import annotations

import base64
import binascii
import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from flask import current_app

MULTIKEY_ED25519 = b"\xed\x01"
PEM_BLOCK = re.compile(r"-----BEGIN PRIVATE KEY-----.+?-----END PRIVATE KEY-----", re.S)
# A block, with the optional ``Retired:`` line right before it.
KEY_ENTRY = re.compile(
    r"(?:^[ \t]*Retired:[ \t]*(?P<at>\S+)[ \t]*\r?\n)?(?P<block>" + PEM_BLOCK.pattern + ")",
    re.S | re.M,
)
DEV_KEY_FILE = "credential-key.pem"


class NoSigningKey(RuntimeError):
    """No issuer key is configured (or it cannot be read), so no credential can be signed."""


def multibase(public: Ed25519PublicKey) -> str:
    """The Multikey ``publicKeyMultibase`` of an Ed25519 key: ``z6Mk...``."""
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return "z" + base58.b58encode(MULTIKEY_ED25519 + raw).decode()


def public_from_multibase(value: str) -> Ed25519PublicKey:
    """The Ed25519 key of a ``z6Mk...`` Multikey; ValueError for anything else."""
    if not value.startswith("z"):
        raise ValueError("not a base58btc multibase value")
    raw = base58.b58decode(value[1:])
    if len(raw) != 34 or not raw.startswith(MULTIKEY_ED25519):
        raise ValueError("not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


@dataclass(frozen=True)
class IssuerKey:
    private: Ed25519PrivateKey
    retired_at: datetime | None = None  # proofs made after it are refused

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    @property
    def multibase(self) -> str:
        return multibase(self.public)

    @property
    def key_id(self) -> str:
        """A stable fragment for the DID document: ``key-`` and 12 characters of the key."""
        return "key-" + self.multibase[4:16]


def pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _retired(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise NoSigningKey(
            f"A credential key's 'Retired:' line must be a UTC time such as "
            f"2026-12-03T17:00:00Z (got {value!r})."
        ) from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


# A key removed as leaked leaves only its public key, on a ``Removed:`` line (PEM's explanatory
# text again): proofs by it are refused, through its did:key form too (lms/credentials/did.py).
REMOVED_LINE = re.compile(r"^[ \t]*Removed:[ \t]*(?P<key>z[1-9A-HJ-NP-Za-km-z]+)[ \t]*$", re.M)


def removed_in(text: str) -> frozenset[str]:
    """The publicKeyMultibase of every key ``text`` lists as removed."""
    return frozenset(m.group("key") for m in REMOVED_LINE.finditer(text))


def serialise(ring: list[IssuerKey], removed: frozenset[str] = frozenset()) -> str:
    """The key file's text for ``ring``: each PEM block after its ``Retired:`` line, if any,
    then a ``Removed:`` line for each removed key."""
    return "".join(
        (f"Retired: {stamp(key.retired_at)}\n" if key.retired_at else "") + pem(key.private)
        for key in ring
    ) + "".join(f"Removed: {key}\n" for key in sorted(removed))


def parse(text: str) -> list[IssuerKey]:
    """Keys from PEM blocks (the first is current) or one base64url 32-byte seed."""
    text = text.strip()
    entries = [(m.group("block"), _retired(m.group("at"))) for m in KEY_ENTRY.finditer(text)]
    if entries:
        keys = []
        for block, retired_at in entries:
            try:
                key = serialization.load_pem_private_key(block.encode(), password=None)
            except (ValueError, TypeError) as exc:  # broken, or encrypted (no passphrase here)
                raise NoSigningKey(
                    "A credential key could not be read: it must be an unencrypted PEM PKCS#8 "
                    "Ed25519 private key."
                ) from exc
            if not isinstance(key, Ed25519PrivateKey):
                raise NoSigningKey("A credential key must be an Ed25519 key.")
            keys.append(IssuerKey(key, retired_at))
        return keys
    try:
        seed = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        seed = b""
    if len(seed) != 32:
        raise NoSigningKey(
            "CREDENTIAL_SIGNING_KEY must be a PEM PKCS#8 Ed25519 private key or a base64url "
            "32-byte seed."
        )
    return [IssuerKey(Ed25519PrivateKey.from_private_bytes(seed))]


def write_file(path: Path, ring: list[IssuerKey], removed: frozenset[str] | None = None) -> None:
    """Replace ``path`` with ``ring`` (mode 0600, written beside it and renamed into place),
    keeping the file's ``Removed:`` lines (and adding ``removed``)."""
    kept = removed_in(path.read_text(encoding="utf-8")) if path.exists() else frozenset()
    removed = kept | (removed or frozenset())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.with_suffix(".tmp").unlink(missing_ok=True)  # O_EXCL: never write through a link
    fd = os.open(path.with_suffix(".tmp"), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(serialise(ring, removed))
    os.chmod(path.with_suffix(".tmp"), 0o600)
    os.replace(path.with_suffix(".tmp"), path)


def write_new_key(path: Path, now: datetime | None = None) -> IssuerKey:
    """Put a new current key first in ``path`` (mode 0600), keeping any older keys after it;
    the key that was current is retired from ``now``."""
    old = parse(path.read_text(encoding="utf-8")) if path.exists() else []
    moment = (now or datetime.now(UTC)).replace(microsecond=0)
    if old and old[0].retired_at is None:
        old[0] = IssuerKey(old[0].private, moment)
    key = IssuerKey(Ed25519PrivateKey.generate())
    write_file(path, [key, *old])
    return key


def default_key_file() -> Path:
    configured = current_app.config.get("CREDENTIAL_KEY_FILE")
    return Path(configured) if configured else Path(current_app.instance_path) / DEV_KEY_FILE


def issuer_keys() -> list[IssuerKey]:
    """Every key of the issuer, current first; raise ``NoSigningKey`` when there is none."""
    config = current_app.config
    if config.get("CREDENTIAL_SIGNING_KEY"):
        return _cached("env", config["CREDENTIAL_SIGNING_KEY"])
    path = default_key_file()
    if not path.exists():
        if not config.get("CREDENTIAL_KEY_FILE") and (
            config["ENV_NAME"] == "development" or config["TESTING"]
        ):
            write_new_key(path)
        else:
            raise NoSigningKey(
                "No credential signing key: set CREDENTIAL_SIGNING_KEY or CREDENTIAL_KEY_FILE "
                "(make one with: flask --app lms credentials keygen --file PATH). Certificates "
                "are still issued; run `flask --app lms credentials backfill` once a key is set."
            )
    stamp = f"{path}:{path.stat().st_mtime_ns}"
    return _cached(stamp, path.read_text(encoding="utf-8"))


def removed_keys() -> frozenset[str]:
    """The keys removed as leaked (``Removed:`` lines of the key or the key file)."""
    config = current_app.config
    if config.get("CREDENTIAL_SIGNING_KEY"):
        return removed_in(config["CREDENTIAL_SIGNING_KEY"])
    path = default_key_file()
    return removed_in(path.read_text(encoding="utf-8")) if path.exists() else frozenset()


_CACHE: dict[tuple[str, str], list[IssuerKey]] = {}


def _cached(source: str, text: str) -> list[IssuerKey]:
    found = _CACHE.get((source, text))
    if found is None:
        found = parse(text)
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[(source, text)] = found
    return found


def current_key() -> IssuerKey:
    key = issuer_keys()[0]
    if key.retired_at is not None:
        raise NoSigningKey(
            "The first credential key is marked retired: run `flask --app lms credentials "
            "keygen` to make a new current key."
        )
    return key
