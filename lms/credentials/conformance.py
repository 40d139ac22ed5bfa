"""The conformance issuer's status entries: for the W3C test suites on a developer's machine only.

``POST /credentials/issue`` (open only with CREDENTIALS_ISSUE_ENDPOINT, in development and tests)
adds a BitstringStatusListEntry per purpose the request's ``options.credentialStatus`` asks for
(VC-API: ``{"type": "BitstringStatusListEntry", "statusPurpose": "revocation"}``, or a list of
them). Each gets a random index never handed out before on its own list: the conformance lists
(``conformance-revocation``, ``conformance-suspension``) are kept apart from the certificates'
lists and served at their own address, so a test-suite credential never touches a certificate's
bit. ``POST /credentials/status`` (VC-API update status) sets or clears an entry's bit.
"""

from __future__ import annotations

import secrets
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from lms.credentials import status_lists
from lms.credentials.models import ConformanceStatusEntry

ENTRY_TYPE = "BitstringStatusListEntry"


class StatusRequestError(ValueError):
    """The request's status options or update cannot be followed (the message says why)."""


class UnknownCredential(LookupError):
    """No status entry of that purpose was handed out to a credential with that id."""


def enabled() -> bool:
    """The conformance endpoints are open: CREDENTIALS_ISSUE_ENDPOINT, in development or tests."""
    config = current_app.config
    return bool(config.get("CREDENTIALS_ISSUE_ENDPOINT")) and bool(
        config.get("TESTING") or config.get("ENV_NAME") == "development"
    )


def _purpose(item: Any) -> str:
    if not isinstance(item, dict) or item.get("type") != ENTRY_TYPE:
        raise StatusRequestError(f"credentialStatus must be {{'type': '{ENTRY_TYPE}', ...}}.")
    purpose = item.get("statusPurpose", "revocation")
    if purpose not in status_lists.PURPOSES:
        raise StatusRequestError("statusPurpose must be 'revocation' or 'suspension'.")
    return purpose


def requested(options: Any) -> list[str]:
    """The purposes ``options.credentialStatus`` asks for, in order, each once."""
    wanted = options.get("credentialStatus") if isinstance(options, dict) else None
    if wanted is None:
        return []
    items = wanted if isinstance(wanted, list) else [wanted]
    return list(dict.fromkeys(_purpose(item) for item in items))


def _allocate(session: Session, purpose: str, credential_id: str | None) -> int:
    """A random index of ``purpose``'s conformance list never handed out before, stored."""
    for _ in range(64):
        index = secrets.randbelow(status_lists.LENGTH)
        taken = select(ConformanceStatusEntry.id).where(
            ConformanceStatusEntry.purpose == purpose, ConformanceStatusEntry.status_index == index
        )
        if session.scalar(taken) is not None:
            continue
        try:
            with session.begin_nested():  # another request may take it at the same moment
                session.add(
                    ConformanceStatusEntry(
                        purpose=purpose, status_index=index, credential_id=credential_id
                    )
                )
        except IntegrityError:
            continue
        return index
    raise StatusRequestError(f"The conformance {purpose} list has no free index left.")


def add_status(session: Session, credential: dict[str, Any], options: Any) -> dict[str, Any]:
    """``credential`` with a status entry per purpose its options ask for (in the caller's
    transaction: the indexes are kept only if it commits)."""
    purposes = requested(options)
    if not purposes:
        return credential
    credential_id = credential.get("id") if isinstance(credential.get("id"), str) else None
    existing = credential.get("credentialStatus")
    entries = [] if existing is None else existing if isinstance(existing, list) else [existing]
    for purpose in purposes:
        index = _allocate(session, purpose, credential_id)
        url = status_lists.list_url(status_lists.CONFORMANCE + purpose)
        entries.append(
            {
                "id": f"{url}#{index}",
                "type": ENTRY_TYPE,
                "statusPurpose": purpose,
                "statusListIndex": str(index),
                "statusListCredential": url,
            }
        )
    status_lists.ensure(session, status_lists.CONFORMANCE_KEYS)
    return {**credential, "credentialStatus": entries[0] if len(entries) == 1 else entries}


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("1", "true", "0", "false"):
        return value in ("1", "true")
    raise StatusRequestError("status must be true or false.")


def update_status(session: Session, body: dict[str, Any]) -> list[str]:
    """Set (or with ``"status": false`` clear) the bits of ``credentialId``'s entries, and sign
    the changed conformance lists again in the caller's transaction. Returns the purposes."""
    credential_id = body.get("credentialId")
    if not isinstance(credential_id, str) or not credential_id:
        raise StatusRequestError("credentialId must be the credential's id.")
    wanted = body.get("credentialStatus")
    items = wanted if isinstance(wanted, list) else [wanted]
    changes = {
        _purpose(item): _flag(item.get("status", body.get("status", True))) for item in items
    }
    for purpose, value in changes.items():
        rows = session.scalars(
            select(ConformanceStatusEntry).where(
                ConformanceStatusEntry.purpose == purpose,
                ConformanceStatusEntry.credential_id == credential_id,
            )
        ).all()
        if not rows:
            raise UnknownCredential(f"No {purpose} entry was issued to {credential_id}.")
        for row in rows:
            row.is_set = value
    session.flush()
    status_lists.regenerate(session, tuple(status_lists.CONFORMANCE + p for p in changes))
    return list(changes)
