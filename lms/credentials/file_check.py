"""Checking an uploaded credential (.json) on the public verify page, beside the PDF check.

Registered as the ``json`` kind of lms/certificates/pdf_check.py's ``CHECKERS`` at import (the
certificates feature may not import this one). A credential is genuine when its proof verifies
with one of our keys (our did:web, or the did:key form of a key we publish), and unchanged when,
besides, it is the credential we stored for the certificate it names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy.orm import Session

from lms.certificates import number as numbers
from lms.certificates import pdf_check, queries
from lms.credentials import badges, did, keys, limits, proofs

NOT_JSON = (
    "The selected file could not be read as a credential. Upload the .json file you "
    "downloaded from the certificate page"
)
NUMBER_IN_ID = re.compile(r"/certificates/([^/]+)/credential\.json$")


def _ours() -> set[str]:
    return {did.did_web(), *(did.did_key(key) for key in keys.issuer_keys())}


def _names_our_key(document: dict[str, Any]) -> bool:
    """One of the document's proofs (a proof set may carry others' too) names a key of ours."""
    return any(m.partition("#")[0] in _ours() for m in proofs.methods_named(document))


def _document(data: bytes) -> dict[str, Any]:
    if not limits.shallow_json(data):
        raise pdf_check.FileRefused(NOT_JSON)
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise pdf_check.FileRefused(NOT_JSON) from exc
    if not isinstance(document, dict) or "proof" not in document:
        raise pdf_check.FileRefused(NOT_JSON)
    return document


def check_json(data: bytes, session: Session, config: Mapping[str, Any]) -> pdf_check.FileCheck:
    document = _document(data)
    digest = pdf_check.hashlib.sha256(data).hexdigest()
    try:
        # Only our keys: anything else is not "signed by this service", and is refused before
        # any canonicalising (which a hostile document can make slow).
        genuine = _names_our_key(document) and proofs.verify(document) in _ours()
    except (proofs.ProofError, keys.NoSigningKey):
        genuine = False
    found = NUMBER_IN_ID.search(str(document.get("id") or "")) if genuine else None
    number = numbers.normalise(found.group(1)) if found else None
    cert = queries.by_number(session, number) if number else None
    stored = badges.for_certificate(session, cert) if cert is not None else None
    unchanged = stored is not None and json.loads(stored.json) == document
    return pdf_check.FileCheck("json", genuine, genuine and unchanged, number, digest)


pdf_check.CHECKERS["json"] = check_json
