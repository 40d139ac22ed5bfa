"""Signing certificate PDFs (PAdES baseline with pyHanko) and the trust they are checked against.

Every PDF a certificate stores is signed after WeasyPrint renders it: PAdES B-LT (the chain is
embedded in a /DSS; revocation is soft-fail, since the site's own CA publishes no CRL or OCSP),
and B-LTA (a signature timestamp and a document timestamp) when PDF_TIMESTAMP_URL names an
RFC 3161 timestamp server. The stored ``pdf`` and ``pdf_sha256`` are those of the signed file.

Where the key comes from (settings; keys are files, never in the database):

- PDF_SIGNING_KEY_FILE, PDF_SIGNING_CERT_FILE and PDF_SIGNING_CHAIN_FILE (the CA, and any
  intermediates, that the signing certificate chains to; its certificates are the trust roots an
  uploaded PDF is checked against), PDF_SIGNING_KEY_PASSPHRASE when the key file is encrypted,
  PDF_TIMESTAMP_CA_FILE (the timestamp server's root certificate, which signing must trust to
  embed the timestamp's validation data).
- Not set, in development: made once under instance/pdf-signing/; in tests: a fixture in
  tests/conftest.py makes them in a temporary folder (otherwise a folder in the system's temp dir).
- Not set, in production: issuing a certificate is refused with ``SigningUnavailable`` (and an
  error in the log) rather than handing out a PDF nobody can check offline; a scheme that wants
  unsigned PDFs says so with PDF_SIGNING=off.

The signer is loaded once per process and reloaded when a file's modification time changes.
"""

from __future__ import annotations

import asyncio
import dataclasses
import io
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Coroutine, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

from lms.certificates.errors import CertificateError
from lms.certificates.signing_ca import make_signing_ca, paths_in
from lms.config import ROOT

T = TypeVar("T")

logger = logging.getLogger(__name__)

FIELD_NAME = "Signature1"
REASON_PREFIX = "Certificate "  # the signed /Reason names the certificate: "Certificate PM-…"


class _ExpectedNoFetching(logging.Filter):
    """Drops pyHanko's warning that it may not fetch revocation data: the site's CA has none."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "fetching is not allowed" not in record.getMessage()


logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(_ExpectedNoFetching())


class SigningUnavailable(CertificateError):
    """The site has no signing certificate, so it issues no certificate PDFs."""


@dataclass(frozen=True)
class SigningFiles:
    key: Path
    cert: Path
    chain: Path | None
    passphrase: bytes | None = None
    timestamp_ca: Path | None = None  # PDF_TIMESTAMP_CA_FILE: the TSA's root, trusted too


def enabled(config: Mapping[str, Any]) -> bool:
    return str(config.get("PDF_SIGNING") or "on").strip().lower() not in {"off", "0", "no"}


def site_name(config: Mapping[str, Any]) -> str:
    return urlsplit(config["BASE_URL"]).hostname or "peer mentor certificates"


def signing_files(config: Mapping[str, Any]) -> SigningFiles:
    """The files to sign with, made first in development and tests when none are configured."""
    files = _signing_files(config)
    tsa_ca = config.get("PDF_TIMESTAMP_CA_FILE")
    return dataclasses.replace(files, timestamp_ca=Path(tsa_ca)) if tsa_ca else files


def _signing_files(config: Mapping[str, Any]) -> SigningFiles:
    passphrase = config.get("PDF_SIGNING_KEY_PASSPHRASE")
    secret = passphrase.encode() if isinstance(passphrase, str) and passphrase else None
    key, cert = config.get("PDF_SIGNING_KEY_FILE"), config.get("PDF_SIGNING_CERT_FILE")
    if key and cert:
        chain = config.get("PDF_SIGNING_CHAIN_FILE")
        return SigningFiles(Path(key), Path(cert), Path(chain) if chain else None, secret)
    if config.get("ENV_NAME") == "development":
        directory = ROOT / "instance" / "pdf-signing"
    elif config.get("TESTING"):
        directory = Path(tempfile.gettempdir()) / f"lms-pdf-signing-{os.getuid()}"
    else:
        message = (
            "Certificate PDFs cannot be signed: PDF_SIGNING_KEY_FILE and PDF_SIGNING_CERT_FILE "
            "are not set. Make a certificate with `flask --app lms certificates signing-ca "
            "--dir /etc/lms/pdf-signing` (or use the scheme's own) and set PDF_SIGNING_KEY_FILE, "
            "PDF_SIGNING_CERT_FILE and PDF_SIGNING_CHAIN_FILE, or set PDF_SIGNING=off to issue "
            "unsigned PDFs."
        )
        logger.error(message)
        raise SigningUnavailable(
            "Certificates cannot be issued yet: the site's PDF signing certificate is not set "
            "up. Ask the site's administrator."
        )
    paths = paths_in(directory)
    with _lock:
        if not paths.key.exists():
            make_signing_ca(directory, site_name(config), overwrite=True)
    return SigningFiles(paths.key, paths.cert, paths.ca)


@dataclass(frozen=True)
class Loaded:
    signer: Any  # pyhanko SimpleSigner
    trust_roots: tuple  # asn1crypto certificates
    signing_cert: Any


_lock = threading.Lock()
_cache: dict[tuple, Loaded] = {}


def _stamp(files: SigningFiles) -> tuple:
    parts = [files.key, files.cert, *(p for p in (files.chain, files.timestamp_ca) if p)]
    return (*((str(p), p.stat().st_mtime_ns) for p in parts), files.passphrase)


def load(files: SigningFiles) -> Loaded:
    """The signer and the trust roots for ``files``, loaded once while the files are unchanged."""
    try:
        stamp = _stamp(files)
    except OSError as exc:  # a file named in the settings is not there
        logger.error("The PDF signing files could not be read: %s", exc)
        raise _unreadable() from exc
    found = _cache.get(stamp)
    if found is not None:
        return found
    from pyhanko.keys import load_certs_from_pemder
    from pyhanko.sign import signers

    chain = (str(files.chain),) if files.chain else ()
    try:
        signer = signers.SimpleSigner.load(
            str(files.key), str(files.cert), ca_chain_files=chain, key_passphrase=files.passphrase
        )
    except (OSError, ValueError) as exc:  # a file gone, unreadable or not PEM/DER
        logger.error("The PDF signing files could not be read: %s", exc)
        signer = None
    if signer is None:
        raise _unreadable()
    roots = tuple(load_certs_from_pemder(chain)) if chain else (signer.signing_cert,)
    if files.timestamp_ca:
        roots += tuple(load_certs_from_pemder([str(files.timestamp_ca)]))
    loaded = Loaded(signer, roots, signer.signing_cert)
    with _lock:
        _cache.clear()
        _cache[stamp] = loaded
    return loaded


def _unreadable() -> SigningUnavailable:
    return SigningUnavailable(
        "Certificates cannot be issued: the site's PDF signing key or certificate could not be "
        "read. Ask the site's administrator."
    )


def validation_context(trust_roots):
    from pyhanko_certvalidator import ValidationContext

    return ValidationContext(
        trust_roots=list(trust_roots), allow_fetching=False, revocation_mode="soft-fail"
    )


def timestamper(config: Mapping[str, Any]):
    """An RFC 3161 client for PDF_TIMESTAMP_URL, or None when it is not set."""
    url = (config.get("PDF_TIMESTAMP_URL") or "").strip()
    if not url:
        return None
    from pyhanko.sign.timestamps import HTTPTimeStamper

    return HTTPTimeStamper(url, timeout=10)


def run_async(make: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """Run pyHanko's coroutine ``make()`` to the end from synchronous code.

    pyHanko's own synchronous wrappers call ``asyncio.run``, which refuses to start while this
    thread already runs an event loop (a browser test's Playwright does; so may a future async
    server). Then the coroutine is made and run in a thread of its own.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(make())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make())).result()


def sign_pdf(pdf: bytes, number: str, config: Mapping[str, Any]) -> bytes:
    """``pdf`` signed for the certificate ``number``; unchanged when PDF_SIGNING is off."""
    if not enabled(config):
        logger.warning("PDF_SIGNING is off: certificate %s is issued unsigned", number)
        return pdf
    loaded = load(signing_files(config))
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    stamper = timestamper(config)
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        reason=f"{REASON_PREFIX}{number}",
        location=config["BASE_URL"],
        embed_validation_info=True,
        use_pades_lta=stamper is not None,
        validation_context=validation_context(loaded.trust_roots),
        # Without a timestamp server everything B-LT needs is known before signing: the DSS goes
        # into the signature's own revision (one revision, "total document signed", and no
        # second pass over the file). A timestamp's validation data is known only after it.
        dss_settings=_dss_settings(together=stamper is None),
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
        out = run_async(
            lambda: signers.async_sign_pdf(
                writer,
                meta,
                signer=loaded.signer,
                timestamper=stamper,
                bytes_reserved=_room(loaded) if stamper is None else None,
            )
        )
    except Exception as exc:  # a TSA that is down, a broken chain: say so, issue nothing
        logger.exception("Signing certificate %s failed", number)
        raise SigningUnavailable(
            "The certificate PDF could not be signed. Try again in a few minutes; if it keeps "
            "failing, ask the site's administrator."
        ) from exc
    return out.getvalue()


def _dss_settings(*, together: bool):
    from pyhanko.sign.signers.pdf_signer import DSSContentSettings, SigDSSPlacementPreference

    if not together:
        return DSSContentSettings()
    # VRI entries (deprecated in PAdES) can only be written after signing, so none.
    placement = SigDSSPlacementPreference.TOGETHER_WITH_SIGNATURE
    return DSSContentSettings(placement=placement, include_vri=False)


def _room(loaded: Loaded) -> int:
    """Bytes to reserve for the signature: the certificates it carries and room to spare for the
    signature and its signed attributes. Without it pyHanko signs twice, the first time only to
    measure (about a quarter of the signing time); with a timestamp server it still measures, as
    a token's size is the server's."""
    certificates = [loaded.signing_cert, *loaded.signer.cert_registry]
    der = sum(len(cert.dump()) for cert in certificates) + 4096
    return 2 * der  # written as hexadecimal: two characters a byte (and so always even)


def render_signed(design_dir: Path, data, config: Mapping[str, Any]) -> bytes:
    """The certificate ``data`` (a ``pdf.CertificateData``) rendered from ``design_dir``, signed."""
    from lms.certificates.pdf import render_certificate

    return sign_pdf(render_certificate(design_dir, data), data.number, config)
