"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (W3C vc-di-eddsa): sign and verify.

The signed bytes are SHA-256(canonical proof config) || SHA-256(canonical document), each
canonicalised with RDFC-1.0 against the vendored contexts; the proof sits at the top level with
``proofValue`` = ``z`` + base58btc(signature). Signing refuses a document with undefined terms.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature

from lms.credentials import contexts, did, keys, limits

CRYPTOSUITE = "eddsa-rdfc-2022"


class ProofError(ValueError):
    """A proof is missing, malformed, from an unknown key or does not match the document."""


def _hash_data(unsecured: dict[str, Any], config: dict[str, Any]) -> bytes:
    return (
        hashlib.sha256(contexts.canonize(config).encode()).digest()
        + hashlib.sha256(contexts.canonize(unsecured).encode()).digest()
    )


def created_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def sign(
    doc: dict[str, Any], key: keys.IssuerKey | None = None, *, method: str | None = None
) -> dict[str, Any]:
    """``doc`` with a DataIntegrityProof by ``key`` (the current issuer key by default), naming
    ``method`` as its verification method (by default the key's method in our did:web)."""
    key = key or keys.current_key()
    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    contexts.assert_nothing_dropped(unsecured)
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created_now(),
        "verificationMethod": method or did.method_id(key),
        "proofPurpose": "assertionMethod",
    }
    signature = key.private.sign(_hash_data(unsecured, {"@context": doc["@context"], **proof}))
    return {
        **unsecured,
        "proof": {**proof, "proofValue": "z" + base58.b58encode(signature).decode()},
    }


def _made_before(created: Any, retired_at: datetime) -> None:
    """Refuse a proof by a retired key unless its ``created`` is no later than the retirement
    (a proof with no readable ``created`` cannot show it was made in time)."""
    try:
        made = datetime.fromisoformat(str(created).replace("Z", "+00:00"))
    except ValueError:
        made = None
    if made is not None and made.tzinfo is None:
        made = made.replace(tzinfo=UTC)
    if made is None or made > retired_at:
        when = retired_at.strftime("%Y-%m-%dT%H:%M:%SZ")
        raise ProofError(
            f"The proof was made by a key retired at {when}, and not before then (created)."
        )


def verify(secured: dict[str, Any]) -> str:
    """Check ``secured``'s proof; return the controller DID of the key that made it.

    Raises ProofError when it does not verify.
    """
    try:
        limits.check_shape(secured)  # before any JSON-LD work: hostile shapes cost minutes
    except limits.ShapeError as exc:
        raise ProofError(str(exc)) from exc
    proof = secured.get("proof")
    if not isinstance(proof, dict):
        raise ProofError("The credential has no proof (one DataIntegrityProof is expected).")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"Only DataIntegrityProof with {CRYPTOSUITE} is supported.")
    if proof.get("proofPurpose") != "assertionMethod":
        raise ProofError("The proof's purpose must be assertionMethod.")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofError("The proofValue must be a base58btc multibase value.")
    try:
        controller, public, retired_at = did.resolve_method(str(proof.get("verificationMethod")))
    except LookupError as exc:
        raise ProofError(str(exc)) from exc
    if retired_at is not None:
        _made_before(proof.get("created"), retired_at)
    issuer = secured.get("issuer")
    issuer_id = issuer.get("id") if isinstance(issuer, dict) else issuer
    if issuer_id != controller:
        raise ProofError("The proof's key does not belong to the credential's issuer.")
    unsecured = {k: v for k, v in secured.items() if k != "proof"}
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    try:
        contexts.assert_nothing_dropped(unsecured)
        data = _hash_data(unsecured, {**config, "@context": secured.get("@context")})
        public.verify(base58.b58decode(value[1:]), data)
    except InvalidSignature as exc:
        raise ProofError("The signature does not match the credential: it was changed.") from exc
    except Exception as exc:  # malformed JSON-LD or base58, a context we refuse
        raise ProofError(f"The credential cannot be checked: {exc}") from exc
    return controller
