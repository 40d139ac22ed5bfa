"""Checking a certificate file someone uploads: is it genuine, unchanged, and which record is it?

``check_file`` sniffs what the file is and hands it to that kind's checker (``CHECKERS``): PDFs
here, credentials (.json) from lms/credentials/file_check.py. A PDF is:

- genuine when its signature is intact and valid, its signing certificate chains to one of
  our trust roots (PDF_SIGNING_CHAIN_FILE: pyHanko's validator, nothing fetched) and names the
  same subject as the site's own signing certificate (pinned: a certificate another customer of
  the same CA holds, or the timestamp authority's, is not ours), and nothing but long-term
  validation data (B-LT's /DSS, B-LTA's timestamps) was added after signing (pyHanko's
  modification analysis: an added page, annotation or form value makes it not genuine);
- unchanged when, besides, the file's SHA-256 is the ``pdf_sha256`` of the certificate it was
  signed for (named in the signed /Reason), so nothing was added after signing either.

What the record says and whether it is still valid is the verify page's own public view.
"""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from lms.certificates import number as numbers
from lms.certificates.models import Certificate
from lms.certificates.signing import (
    REASON_PREFIX,
    SigningUnavailable,
    load,
    run_async,
    signing_files,
    validation_context,
)

logger = logging.getLogger(__name__)

NOT_A_CERTIFICATE = (
    "The selected file must be the PDF of a certificate or its credential (a .json file)"
)
EMPTY = "The selected file is empty"
UNREADABLE = "The selected file could not be read as a PDF. Upload the PDF you were sent"
UNSIGNED = (
    "The selected PDF has no signature, so it was not made by this service or was made again "
    "from a copy. Check the certificate by its number instead"
)


NO_SIGNING = (
    "Signed PDFs cannot be checked here yet: this service has no signing certificate set up. "
    "Check the certificate by its number instead"
)


class FileRefused(ValueError):
    """The file cannot be checked at all; the message says why, for the form's error."""


@dataclass(frozen=True)
class FileCheck:
    """What a check found. ``number`` is the certificate the file says it is, if any."""

    kind: str
    genuine: bool
    unchanged: bool
    number: str | None
    sha256: str
    changed_after_signing: bool = False


def sniff(data: bytes) -> str | None:
    """``pdf`` for a PDF (its header may follow up to 1 KiB of junk, as readers allow), ``json``
    for a JSON object (a credential: lms/credentials/file_check.py checks those)."""
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return "json"
    return None


def check_pdf(data: bytes, session: Session, config: Mapping[str, Any]) -> FileCheck:
    from pyhanko.pdf_utils.reader import PdfFileReader

    digest = hashlib.sha256(data).hexdigest()
    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = [
            s for s in reader.embedded_signatures if s.sig_object.get("/Type") != "/DocTimeStamp"
        ]
    except Exception as exc:  # PdfError mostly; whatever a broken file raises, it is refused
        logger.info("Uploaded PDF not readable: %s", exc)
        raise FileRefused(UNREADABLE) from exc
    if not signatures:
        raise FileRefused(UNSIGNED)
    signature = signatures[0]
    verdict = _verdict(signature, config)
    genuine = verdict == GENUINE
    number = _signed_number(signature) if genuine else None
    stored = _stored_hash(session, number) if number else None
    return FileCheck(
        "pdf", genuine, genuine and stored == digest, number, digest, verdict == CHANGED
    )


GENUINE, CHANGED, NOT_OURS = "genuine", "changed after signing", "not ours"
# What may follow our signature: nothing, or long-term validation data (B-LT, B-LTA).
ACCEPTED_CHANGES = ("NONE", "LTA_UPDATES")


def _verdict(signature, config: Mapping[str, Any]) -> str:
    from pyhanko.sign.validation import async_validate_pdf_signature

    try:
        loaded = load(signing_files(config))
    except SigningUnavailable as exc:
        raise FileRefused(NO_SIGNING) from exc
    try:
        status = run_async(
            lambda: async_validate_pdf_signature(
                signature,
                signer_validation_context=validation_context(loaded.trust_roots),
                ts_validation_context=validation_context(loaded.trust_roots),
            )
        )
    except Exception:  # any malformed signature is simply not genuine
        logger.info("Uploaded PDF's signature could not be validated", exc_info=True)
        return NOT_OURS
    if not (status.intact and status.valid and status.trusted):
        return NOT_OURS
    if status.signing_cert.subject != loaded.signing_cert.subject:
        logger.info(
            "Uploaded PDF signed by %s, not ours", status.signing_cert.subject.human_friendly
        )
        return NOT_OURS
    level = status.modification_level
    return GENUINE if level is None or level.name in ACCEPTED_CHANGES else CHANGED


def _signed_number(signature) -> str | None:
    reason = str(signature.sig_object.get("/Reason") or "")
    if not reason.startswith(REASON_PREFIX):
        return None
    return numbers.normalise(reason[len(REASON_PREFIX) :])


def _stored_hash(session: Session, number: str) -> str | None:
    return session.scalar(select(Certificate.pdf_sha256).where(Certificate.number == number))


CHECKERS: dict[str, Callable[[bytes, Session, Mapping[str, Any]], FileCheck]] = {
    "pdf": check_pdf,
}


def check_file(data: bytes, session: Session, config: Mapping[str, Any]) -> FileCheck:
    """Check an uploaded file; ``FileRefused`` when it is empty or not a kind we check."""
    if not data:
        raise FileRefused(EMPTY)
    checker = CHECKERS.get(sniff(data) or "")
    if checker is None:
        raise FileRefused(NOT_A_CERTIFICATE)
    return checker(data, session, config)
