"""Data Integrity proofs with the eddsa-rdfc-2022 cryptosuite (W3C vc-di-eddsa): sign and verify.

The signed bytes are SHA-256(canonical proof config) || SHA-256(canonical document), each
canonicalised with RDFC-1.0 against the vendored contexts; the proof sits at the top level with
``proofValue`` = ``z`` + base58btc(signature). Signing refuses a document with undefined terms.
A document may carry a proof set (a list: each proof signs the document without the others) and
chains in it (a proof whose ``previousProof`` names others signs the document with those), as VC
Data Integrity 1.0 has them; every proof must verify.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Any

import base58
from cryptography.exceptions import InvalidSignature

from lms.credentials import contexts, did, keys, limits

CRYPTOSUITE = "eddsa-rdfc-2022"
MAX_PROOFS = 8


class ProofError(ValueError):
    """A proof is missing, malformed, from an unknown key or does not match the document."""


def _hash_data(unsecured: dict[str, Any], config: dict[str, Any]) -> bytes:
    return (
        hashlib.sha256(contexts.canonize(config).encode()).digest()
        + hashlib.sha256(contexts.canonize(unsecured).encode()).digest()
    )


def created_now() -> str:
    return datetime.now(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def _new_proof(
    unsecured: dict[str, Any], key: keys.IssuerKey, method: str, extra: dict[str, Any]
) -> dict[str, Any]:
    proof = {
        "type": "DataIntegrityProof",
        "cryptosuite": CRYPTOSUITE,
        "created": created_now(),
        "verificationMethod": method,
        "proofPurpose": "assertionMethod",
        **extra,
    }
    signature = key.private.sign(
        _hash_data(unsecured, {"@context": unsecured["@context"], **proof})
    )
    return {**proof, "proofValue": "z" + base58.b58encode(signature).decode()}


def sign(
    doc: dict[str, Any], key: keys.IssuerKey | None = None, *, method: str | None = None
) -> dict[str, Any]:
    """``doc`` with a DataIntegrityProof by ``key`` (the current issuer key by default), naming
    ``method`` as its verification method (by default the key's method in our did:web)."""
    key = key or keys.current_key()
    unsecured = {k: v for k, v in doc.items() if k != "proof"}
    contexts.assert_nothing_dropped(unsecured)
    return {**unsecured, "proof": _new_proof(unsecured, key, method or did.method_id(key), {})}


def add_proof(
    secured: dict[str, Any], key: keys.IssuerKey, *, method: str, **extra: Any
) -> dict[str, Any]:
    """``secured`` with one more proof in its set (``extra``: its ``id``, ``previousProof``)."""
    existing = as_list(secured.get("proof"))
    unsecured = {k: v for k, v in secured.items() if k != "proof"}
    signed = _input_document(unsecured, existing, extra)
    return {**unsecured, "proof": [*existing, _new_proof(signed, key, method, extra)]}


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


def as_list(proof: Any) -> list[Any]:
    """A document's ``proof``: none, one or a set, as a list."""
    if proof is None:
        return []
    return proof if isinstance(proof, list) else [proof]


def methods_named(secured: dict[str, Any]) -> list[str]:
    """The verification methods the document's proofs name (read before any canonicalising)."""
    found = [
        p.get("verificationMethod") for p in as_list(secured.get("proof")) if isinstance(p, dict)
    ]
    return [method for method in found if isinstance(method, str)]


def _input_document(
    unsecured: dict[str, Any], proofs: list[Any], proof: dict[str, Any]
) -> dict[str, Any]:
    """What ``proof`` signs: the document, with the proofs its ``previousProof`` names."""
    previous = proof.get("previousProof")
    if previous is None:
        return unsecured
    wanted = previous if isinstance(previous, list) else [previous]
    found = []
    for ident in wanted:
        match = [p for p in proofs if isinstance(p, dict) and p.get("id") == ident]
        if not isinstance(ident, str) or not match:
            raise ProofError(f"previousProof {ident!r} names no proof in the set.")
        found.append(match[0])
    return {**unsecured, "proof": found}


def _check_one(secured: dict[str, Any], unsecured: dict[str, Any], proof: Any, purpose: str) -> str:
    if not isinstance(proof, dict):
        raise ProofError("Each proof must be an object.")
    if proof.get("type") != "DataIntegrityProof" or proof.get("cryptosuite") != CRYPTOSUITE:
        raise ProofError(f"Only DataIntegrityProof with {CRYPTOSUITE} is supported.")
    if proof.get("proofPurpose") != purpose:
        raise ProofError(f"The proof's purpose must be {purpose}.")
    value = proof.get("proofValue")
    if not isinstance(value, str) or not value.startswith("z"):
        raise ProofError("The proofValue must be a base58btc multibase value.")
    try:
        controller, public, retired_at = did.resolve_method(str(proof.get("verificationMethod")))
    except LookupError as exc:
        raise ProofError(str(exc)) from exc
    if retired_at is not None:
        _made_before(proof.get("created"), retired_at)
    document = _input_document(unsecured, as_list(secured["proof"]), proof)
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    try:
        contexts.assert_nothing_dropped(unsecured)
        data = _hash_data(document, {**config, "@context": secured.get("@context")})
        public.verify(base58.b58decode(value[1:]), data)
    except InvalidSignature as exc:
        raise ProofError("The signature does not match the credential: it was changed.") from exc
    except Exception as exc:  # malformed JSON-LD or base58, a context we refuse
        raise ProofError(f"The credential cannot be checked: {exc}") from exc
    return controller


def verify_all(secured: dict[str, Any], *, purpose: str = "assertionMethod") -> list[str]:
    """Check every proof of ``secured``; return the controller DIDs of the keys that made them.

    Raises ProofError when any proof does not verify.
    """
    try:
        limits.check_shape(secured)  # before any JSON-LD work: hostile shapes cost minutes
    except limits.ShapeError as exc:
        raise ProofError(str(exc)) from exc
    proofs = as_list(secured.get("proof"))
    if not proofs:
        raise ProofError("The document has no proof (a DataIntegrityProof is expected).")
    if len(proofs) > MAX_PROOFS:  # each is canonicalised, a chained one with those it names
        raise ProofError(f"A document may carry at most {MAX_PROOFS} proofs here.")
    unsecured = {k: v for k, v in secured.items() if k != "proof"}
    return [_check_one(secured, unsecured, proof, purpose) for proof in proofs]


def issuer_of(document: Any) -> Any:
    """The issuer's id: ``issuer`` itself, or its ``id`` when it is an object."""
    issuer = document.get("issuer") if isinstance(document, dict) else None
    return issuer.get("id") if isinstance(issuer, dict) else issuer


def verify(secured: dict[str, Any]) -> str:
    """Check every proof of ``secured``; return its issuer's DID, whose key must have made one.

    Raises ProofError when any proof does not verify or none is the issuer's.
    """
    issuer_id = issuer_of(secured)
    if not any(m.partition("#")[0] == issuer_id for m in methods_named(secured)):
        # before any canonicalising: a set of someone else's proofs costs us nothing
        raise ProofError("The proof's key does not belong to the credential's issuer.")
    if issuer_id not in verify_all(secured):
        raise ProofError("The proof's key does not belong to the credential's issuer.")
    return issuer_id
