"""Checking a verifiable presentation for the public VC-API (``POST /presentations/verify``).

A presentation must meet the VC Data Model 2.0 (its @context, a VerifiablePresentation type, a URL
id and holder, credentials as objects); its Data Integrity proof (purpose ``authentication``, by
the holder's key when a holder is named, a did:key or ours) must verify and carry the challenge
and domain the verifier asked for; each credential in it is checked as ``checking.check`` does.
An enveloped credential (a JOSE/COSE ``data:`` URL) is not opened here: a warning says so.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from lms.credentials import checking, data_model, keys, limits, proofs

ENVELOPED = "EnvelopedVerifiableCredential"
NOT_OPENED = "An enveloped credential is not opened here, so it was not checked."


def problems(presentation: Any) -> list[str]:
    """Every VC Data Model 2.0 MUST ``presentation`` (without its proof) breaks."""
    if not isinstance(presentation, dict):
        return ["verifiablePresentation must be a JSON object."]
    found = data_model.context_problems(presentation)
    if "type" not in presentation:
        found.append("type is missing: it must include VerifiablePresentation.")
    elif "VerifiablePresentation" not in data_model.as_list(presentation["type"]):
        found.append("type must include VerifiablePresentation.")
    if "id" in presentation and not data_model.is_url(presentation["id"]):
        found.append("The presentation's id must be one URL.")
    if "holder" in presentation and _holder(presentation) is None:
        found.append("holder must be a URL or an object whose id is a URL.")
    for item in data_model.as_list(presentation.get("verifiableCredential", [])):
        if not isinstance(item, dict):
            found.append("Each verifiableCredential must be an object, not a string or number.")
        elif ENVELOPED in data_model.as_list(item.get("type")) and not str(
            item.get("id")
        ).startswith("data:"):
            found.append("An enveloped credential's id must be a data: URL.")
    if found:
        return found
    outer = {k: v for k, v in presentation.items() if k != "verifiableCredential"}
    return data_model.jsonld_problems(outer)


def _holder(presentation: dict[str, Any]) -> str | None:
    holder = presentation.get("holder")
    holder = holder.get("id") if isinstance(holder, dict) else holder
    return holder if data_model.is_url(holder) else None


def _bound(bound: list[dict[str, Any]], options: dict[str, Any], outcome: checking.Outcome):
    """Every proof that binds the presentation (the holder's, or with no holder every one) must
    carry the challenge and domain asked for: another key's proof with the new challenge beside
    the holder's old one would otherwise replay an old presentation."""
    for name in ("challenge", "domain"):
        wanted = options.get(name)
        if wanted is None:
            continue
        if not all(wanted in data_model.as_list(p.get(name)) for p in bound):
            outcome.problem("PROOF_VERIFICATION_ERROR", f"The proof does not carry the {name}.")


def check(session: Session, presentation: Any, options: Any = None) -> checking.Outcome:
    """Every check we can make of ``presentation``; it is verified when ``errors`` is empty."""
    outcome = checking.Outcome()
    options = options if isinstance(options, dict) else {}
    try:
        limits.check_shape(presentation)
    except limits.ShapeError as exc:
        outcome.problem("MALFORMED_VALUE_ERROR", str(exc))
        return outcome
    unsecured = (
        {k: v for k, v in presentation.items() if k != "proof"}
        if isinstance(presentation, dict)
        else presentation
    )
    for message in problems(unsecured):
        outcome.problem("MALFORMED_VALUE_ERROR", message)
    if outcome.errors:
        return outcome
    try:
        signers = proofs.verify_all(presentation, purpose="authentication")
        holder = _holder(presentation)
        if holder is not None and holder not in signers:
            raise proofs.ProofError("The presentation's proof is not by its holder's key.")
        made = zip(data_model.as_list(presentation["proof"]), signers, strict=True)
        _bound([p for p, who in made if holder is None or who == holder], options, outcome)
        outcome.checks.append("proof")
    except proofs.ProofError as exc:
        outcome.problem("PROOF_VERIFICATION_ERROR", str(exc))
        return outcome
    except keys.NoSigningKey:
        outcome.problem("PROOF_VERIFICATION_ERROR", checking.NO_KEYS)
        return outcome
    for number, item in enumerate(
        data_model.as_list(presentation.get("verifiableCredential", [])), 1
    ):
        if ENVELOPED in data_model.as_list(item.get("type")):
            outcome.warnings.append({"name": "ENVELOPED_NOT_CHECKED", "message": NOT_OPENED})
            continue
        inner = checking.check(session, item)
        for error in inner.errors:
            outcome.problem(error["name"], f"Credential {number}: {error['message']}")
        outcome.warnings += inner.warnings
        outcome.checks += [c for c in inner.checks if c not in outcome.checks]
    return outcome
