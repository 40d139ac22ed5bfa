"""Building, signing and storing the OpenBadgeCredential issued with each certificate.

The holder is an ``IdentityObject``: ``sha256$`` + hex SHA-256 of their normalised email (the
account's NFKC case-folded email key; identityType ``emailAddress``) or, with no email, their
case-folded username (identityType ``userName``), followed by a random per-credential salt.
Never their name. A credential that cannot be signed (no key in production) is logged and left
out: the certificate is issued all the same, and ``credentials backfill`` issues it later.
"""

from __future__ import annotations

import hashlib
import json
import logging
import secrets
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.certificates.competences import competence_label
from lms.certificates.models import Certificate
from lms.config import PRODUCT_NAME
from lms.credentials import contexts, did, keys, proofs, status_lists
from lms.credentials.models import BadgeCredential
from lms.links import base_url, external_url
from lms.ukdates import uk_day_start

log = logging.getLogger(__name__)
INDEX_TRIES = 32


def _z(value) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def identity(cert: Certificate, salt: str) -> dict[str, Any]:
    person = cert.person
    if person.email_key or person.email:
        value, kind = person.email_key or person.email.strip().lower(), "emailAddress"
    else:
        value, kind = (person.username_key or person.username or "").casefold(), "userName"
    digest = hashlib.sha256((value + salt).encode("utf-8")).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": kind,
        "hashed": True,
        "salt": salt,
    }


def _criteria(cert: Certificate) -> str:
    needs = cert.definition.requirements or {}
    parts = [f"Completed the training modules: {', '.join(needs.get('modules', []))}."]
    if needs.get("scenarios"):
        parts.append(f"Passed the marked scenario assessments: {', '.join(needs['scenarios'])}.")
    if needs.get("min_hours") or needs.get("min_sessions"):
        parts.append(
            f"Supervised practice: at least {needs.get('min_hours', 0)} hours over "
            f"{needs.get('min_sessions', 0)} sessions, {needs.get('min_observed', 0)} observed."
        )
    if needs.get("vetting_level"):
        parts.append(f"A current {needs['vetting_level']} DBS check.")
    return " ".join(parts)


def _urn(*parts: str) -> str:
    """A stable name on this site for things that have no public page of their own."""
    return "urn:x-peer-mentor:" + ":".join([base_url().split("://", 1)[1], *parts])


def achievement(cert: Certificate) -> dict[str, Any]:
    definition = cert.definition
    return {
        "id": _urn("achievement", definition.slug, f"v{definition.number}"),
        "type": ["Achievement"],
        "name": definition.title,
        "description": definition.summary,
        "criteria": {"narrative": _criteria(cert)},
        "alignment": [
            {
                "type": ["Alignment"],
                "targetName": competence_label(code),
                "targetCode": code,
                "targetUrl": _urn("competence", code),
            }
            for code in cert.competences
        ],
    }


def status_entry(purpose: str, index: int) -> dict[str, Any]:
    url = status_lists.list_url(purpose)
    return {
        "id": f"{url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": url,
    }


def build(cert: Certificate, revocation_index: int, suspension_index: int) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for ``cert``."""
    valid_until = uk_day_start(cert.valid_until + timedelta(days=1)) - timedelta(seconds=1)
    return {
        "@context": [contexts.CREDENTIALS_V2, contexts.OB_V3],
        "id": external_url("credentials.download", number=cert.number),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {
            "id": did.did_web(),
            "type": ["Profile"],
            "name": PRODUCT_NAME,
            "url": base_url(),
        },
        "name": cert.definition.title,
        "validFrom": _z(cert.issued_at),
        "validUntil": _z(valid_until),
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [identity(cert, secrets.token_hex(8))],
            "achievement": achievement(cert),
        },
        "credentialStatus": [
            status_entry("revocation", revocation_index),
            status_entry("suspension", suspension_index),
        ],
    }


def _unused_index(session: Session, column) -> int:
    for _ in range(INDEX_TRIES):
        candidate = secrets.randbelow(status_lists.LENGTH)
        if session.scalar(select(BadgeCredential.id).where(column == candidate)) is None:
            return candidate
    raise RuntimeError("No unused status list index found: the list is nearly full.")


def for_certificate(session: Session, cert: Certificate) -> BadgeCredential | None:
    return session.scalar(select(BadgeCredential).where(BadgeCredential.certificate_id == cert.id))


def issue(session: Session, cert: Certificate) -> BadgeCredential:
    """Sign and store the credential for ``cert`` (raises NoSigningKey or UndefinedTerms)."""
    revocation = _unused_index(session, BadgeCredential.revocation_index)
    suspension = _unused_index(session, BadgeCredential.suspension_index)
    signed = proofs.sign(build(cert, revocation, suspension))
    status_lists.ensure(session)
    row = BadgeCredential(
        certificate_id=cert.id,
        json=json.dumps(signed, separators=(",", ":"), ensure_ascii=False),
        revocation_index=revocation,
        suspension_index=suspension,
    )
    with session.begin_nested():
        session.add(row)
    return row


def issue_quietly(session: Session, cert: Certificate) -> BadgeCredential | None:
    """``issue``, but a failure is logged and leaves no row: the certificate still issues."""
    try:
        with session.begin_nested():
            return issue(session, cert)
    except keys.NoSigningKey as exc:
        log.warning("No credential for certificate %s: %s", cert.number, exc)
    except Exception:
        log.exception("Could not issue the credential for certificate %s", cert.number)
    return None


def links(number: str) -> dict[str, Any]:
    """For the certificate API: the credential, the status lists and the DID document.

    The lists, not this certificate's entries in them: an entry's bit would tell anyone with
    the number whether it was suspended or revoked, which the public answer never says.
    """
    return {
        "credential": external_url("credentials.download", number=number),
        "status": [status_lists.list_url(p) for p in status_lists.PURPOSES],
        "did": base_url() + did.did_document_path(),
    }
