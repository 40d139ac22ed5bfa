"""Checking a credential for the public VC-API: its proof, its dates and its status lists.

Our own status lists are read from their stored rows (one query each, cached by time); a list
elsewhere is not fetched, and a warning says its status was not checked. The conformance lists
count as ours only while the conformance endpoints are open (lms/credentials/conformance.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from lms.credentials import (
    conformance,
    data_model_v1,
    keys,
    limits,
    proofs,
    status_lists,
)

STOPPED = {"revocation": "revoked", "suspension": "suspended"}
NO_KEYS = "This service has no issuer key set up yet, so it cannot check credentials."


@dataclass
class Outcome:
    checks: list[str] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)
    errors: list[dict[str, str]] = field(default_factory=list)

    def problem(self, kind: str, message: str) -> None:
        self.errors.append({"name": kind, "message": message})

    def as_json(self) -> dict[str, Any]:
        return {"checks": self.checks, "warnings": self.warnings, "errors": self.errors}


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _dates(credential: dict[str, Any], outcome: Outcome, now: datetime) -> None:
    """validFrom and validUntil (VC 1.1: issuanceDate and expirationDate) against ``now``."""
    v1 = data_model_v1.is_v1(credential)
    first, last = ("issuanceDate", "expirationDate") if v1 else ("validFrom", "validUntil")
    start, end = _time(credential.get(first)), _time(credential.get(last))
    if first in credential and start is None:
        outcome.problem("MALFORMED_VALUE_ERROR", f"{first} is not a date and time.")
    elif start and start > now:
        outcome.problem("VALIDITY_ERROR", f"The credential is not valid yet ({first}).")
    if last in credential and end is None:
        outcome.problem("MALFORMED_VALUE_ERROR", f"{last} is not a date and time.")
    elif end and end < now:
        outcome.problem("VALIDITY_ERROR", f"The credential has expired ({last}).")


def _status(session: Session, credential: dict[str, Any], outcome: Outcome) -> None:
    entries = credential.get("credentialStatus") or []
    entries = entries if isinstance(entries, list) else [entries]
    lists = status_lists.PURPOSES + (status_lists.CONFORMANCE_KEYS if conformance.enabled() else ())
    ours = {status_lists.list_url(p): p for p in lists}
    for entry in entries:
        url = entry.get("statusListCredential") if isinstance(entry, dict) else None
        purpose = ours.get(url) if isinstance(url, str) else None
        if purpose is None or entry.get("statusPurpose") != status_lists.purpose_of(purpose):
            outcome.warnings.append(
                {"name": "STATUS_NOT_CHECKED", "message": f"Status list {url!r} is not ours."}
            )
            continue
        try:
            raw = entry["statusListIndex"]
            if not (isinstance(raw, str) and raw.isdigit() and raw.isascii()):
                raise ValueError(raw)  # a base-10 string, as the specification says
            index = int(raw)
            if not 0 <= index < status_lists.LENGTH:
                raise ValueError(index)
        except (KeyError, TypeError, ValueError):
            outcome.problem("STATUS_LIST_ERROR", "statusListIndex is not an index of the list.")
            continue
        text, _ = status_lists.served(session, purpose)
        bits = status_lists.decode(json.loads(text)["credentialSubject"]["encodedList"])
        if status_lists.bit(bits, index):
            stopped = STOPPED[status_lists.purpose_of(purpose)]
            outcome.problem("STATUS_ERROR", f"The credential has been {stopped}.")
    if entries:
        outcome.checks.append("status")


def _malformed(credential: dict[str, Any], outcome: Outcome) -> bool:
    """Report each VC Data Model MUST the JSON of ``credential`` breaks (the shape limits
    first: past them the proof check says so). The JSON-LD checks are the issuer's: here they
    would cost a second expansion (80 ms for an Open Badge), and canonicalising for the proof
    refuses a redefined protected term anyway."""
    try:
        limits.check_shape(credential)
    except limits.ShapeError:
        return False
    unsecured = {k: v for k, v in credential.items() if k != "proof"}
    for message in data_model_v1.json_problems_of(unsecured):
        outcome.problem("MALFORMED_VALUE_ERROR", message)
    return bool(outcome.errors)


def check(session: Session, credential: Any, now: datetime | None = None) -> Outcome:
    """Every check we can make of ``credential``; it is verified when ``errors`` is empty."""
    outcome = Outcome()
    if not isinstance(credential, dict):
        outcome.problem("MALFORMED_VALUE_ERROR", "verifiableCredential must be a JSON object.")
        return outcome
    if _malformed(credential, outcome):
        return outcome
    try:
        proofs.verify(credential)
        outcome.checks.append("proof")
    except proofs.ProofError as exc:
        outcome.problem("PROOF_VERIFICATION_ERROR", str(exc))
        return outcome
    except keys.NoSigningKey:
        outcome.problem("PROOF_VERIFICATION_ERROR", NO_KEYS)
        return outcome
    _dates(credential, outcome, now or datetime.now(UTC))
    try:
        _status(session, credential, outcome)
    except keys.NoSigningKey:
        outcome.problem("STATUS_LIST_ERROR", NO_KEYS)
    return outcome
