"""VC Data Model 1.1 checks, for the conformance issuer and the verifier: the W3C vc-di-eddsa
suite still sends VC 1.1 credentials (``https://www.w3.org/2018/credentials/v1`` first).

Our own credentials are VC 2.0 (lms/credentials/data_model.py); a 1.1 one is only ever signed by
``POST /credentials/issue`` (development and tests) or checked by ``POST /credentials/verify``.
``problems_of`` and ``json_problems_of`` hold a credential of either version to its own model.
VC 1.1's MUSTs that differ from 2.0's: ``issuanceDate`` is required and ``expirationDate``
optional, each an XSD dateTime; there is no ``validFrom`` or ``validUntil``.
"""

from __future__ import annotations

import re
from typing import Any

from lms.credentials import contexts, data_model

DATA_INTEGRITY = "https://w3id.org/security/data-integrity/v2"
STATUS = "https://www.w3.org/ns/credentials/status/v1"
_DATETIME = re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?")


def is_v1(document: Any) -> bool:
    """Whether ``document``'s first @context item is the VC 1.1 context."""
    if not isinstance(document, dict):
        return False
    items = data_model.as_list(document.get("@context"))
    return bool(items) and items[0] == contexts.CREDENTIALS_V1


def _dates(credential: dict[str, Any]) -> list[str]:
    found = []
    if "issuanceDate" not in credential:
        found.append("issuanceDate is missing: a VC 1.1 credential must have one.")
    for key in ("issuanceDate", "expirationDate"):
        value = credential.get(key)
        if key in credential and not (isinstance(value, str) and _DATETIME.fullmatch(value)):
            found.append(f"{key} must be a date and time (XSD dateTime).")
    return found


def json_problems(credential: dict[str, Any]) -> list[str]:
    """What a VC 1.1 credential's JSON breaks of its data model."""
    items = data_model.as_list(credential["@context"])
    found = []
    if not all(data_model.is_url(item) or isinstance(item, dict) for item in items[1:]):
        found.append("Every further @context item must be a URL or a context object.")
    if "type" not in credential:
        found.append("type is missing: it must include VerifiableCredential.")
    elif "VerifiableCredential" not in data_model.as_list(credential["type"]):
        found.append("type must include VerifiableCredential.")
    found += data_model.id_problems(credential, "credential")
    found += data_model.issuer_problems(credential)
    found += data_model.subject_problems(credential)
    return found + _dates(credential)


def with_proof_contexts(credential: dict[str, Any]) -> dict[str, Any]:
    """``credential`` with the contexts that define a DataIntegrityProof (and, when it carries a
    status entry, BitstringStatusListEntry) added after its own: VC 1.1's context defines
    neither, and the issuer never signs a term no context defines."""
    items = list(data_model.as_list(credential["@context"]))
    wanted = [DATA_INTEGRITY] + ([STATUS] if "credentialStatus" in credential else [])
    added = [url for url in wanted if url not in items]
    return {**credential, "@context": items + added} if added else credential


def json_problems_of(credential: Any) -> list[str]:
    """What ``credential``'s JSON breaks of its own version's data model (1.1 or 2.0)."""
    return json_problems(credential) if is_v1(credential) else data_model.json_problems(credential)


def problems_of(credential: Any) -> list[str]:
    """Every MUST of its own version's data model ``credential`` breaks (JSON, then JSON-LD)."""
    found = json_problems_of(credential)
    return found or data_model.jsonld_problems(credential)
