"""The site's own document-signing certificates: a self-signed CA and a PDF signing certificate.

``flask --app lms certificates signing-ca`` calls ``make_signing_ca``; development and tests make
them on first use (``lms.certificates.signing``). A scheme may use its own certificate instead
(PDF_SIGNING_KEY_FILE, PDF_SIGNING_CERT_FILE, PDF_SIGNING_CHAIN_FILE). Keys never go in the
database: they are PEM files, the private ones readable by their owner only (mode 0600).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

CA_FILE = "signing-ca.pem"
CA_KEY_FILE = "signing-ca.key"
CERT_FILE = "signing-cert.pem"
KEY_FILE = "signing-key.pem"
CA_YEARS = 20
SIGNER_YEARS = 10


@dataclass(frozen=True)
class SigningFilePaths:
    """Where ``make_signing_ca`` wrote each file."""

    ca: Path
    ca_key: Path
    cert: Path
    key: Path


def paths_in(directory: Path) -> SigningFilePaths:
    directory = Path(directory)
    return SigningFilePaths(
        directory / CA_FILE, directory / CA_KEY_FILE, directory / CERT_FILE, directory / KEY_FILE
    )


def _name(common_name: str, site: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, site[:64]),
        ]
    )


def _usage(*, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=not ca,
        content_commitment=not ca,  # non-repudiation: the site stands behind what it signed
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _certificate(subject, issuer, public_key, issuer_key, *, ca: bool, years: int, now):
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer is not None else subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(dt.datetime.now(dt.UTC) + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), critical=True)
        .add_extension(_usage(ca=ca), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
            critical=False,
        )
    )
    return builder.sign(issuer_key, hashes.SHA256())


def _write(path: Path, data: bytes, *, private: bool) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if private else 0o644)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    if private:
        os.chmod(path, 0o600)  # also when the file was already there with a wider mode


def _key_pem(key, passphrase: bytes | None) -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(passphrase)
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption
    )


def make_signing_ca(
    directory: Path,
    site: str,
    *,
    passphrase: bytes | None = None,
    overwrite: bool = False,
    valid_from: dt.datetime | None = None,
) -> SigningFilePaths:
    """Write a new CA and signing certificate (EC P-256) named after ``site`` into ``directory``.

    Refuses (FileExistsError) to replace existing files unless ``overwrite``: PDFs already signed
    stay checkable only while the CA that signed them is still trusted. ``valid_from`` (default:
    now) is for tests whose clock is set in the past.
    """
    paths = paths_in(directory)
    existing = [p for p in (paths.ca, paths.ca_key, paths.cert, paths.key) if p.exists()]
    if existing and not overwrite:
        raise FileExistsError(f"{existing[0]} already exists")
    now = valid_from or dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"{site} document signing CA", site)
    ca = _certificate(ca_name, None, ca_key.public_key(), ca_key, ca=True, years=CA_YEARS, now=now)
    key = ec.generate_private_key(ec.SECP256R1())
    cert = _certificate(
        _name(f"{site} certificates", site),
        ca,
        key.public_key(),
        ca_key,
        ca=False,
        years=SIGNER_YEARS,
        now=now,
    )
    pem = serialization.Encoding.PEM
    _write(paths.ca_key, _key_pem(ca_key, passphrase), private=True)
    _write(paths.key, _key_pem(key, passphrase), private=True)
    _write(paths.ca, ca.public_bytes(pem), private=False)
    _write(paths.cert, cert.public_bytes(pem), private=False)
    return paths
