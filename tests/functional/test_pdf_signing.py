"""Signed certificate PDFs: PAdES B-LT by default, B-LTA with a timestamp server, checked by
pyHanko's validator and by poppler's pdfsig; the signing-ca command; production refuses to issue
without a signing certificate unless PDF_SIGNING=off."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from cryptography import x509

from lms.certificates.errors import CertificateError
from lms.certificates.pdf_check import check_file
from lms.certificates.signing import SigningUnavailable, signing_files
from lms.extensions import db
from tests.signed_pdfs import (
    issue_certificate,
    one_byte_changed,
    pdfsig,
    timestamp_server,
    trust_roots,
    validate,
)


def test_an_issued_pdf_is_signed_b_lt_and_trusted_with_our_ca(app, people):
    cert = issue_certificate(people)
    status, reader = validate(cert.pdf, trust_roots(app))
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    # The /DSS (B-LT) is in the signature's own revision: the signature covers the whole file.
    assert status.coverage.name == "ENTIRE_FILE"
    assert "/DSS" in reader.root
    assert len(reader.root["/DSS"]["/Certs"]) >= 2  # the signing certificate and the CA
    assert str(reader.embedded_signatures[0].sig_object["/Reason"]) == f"Certificate {cert.number}"
    assert cert.pdf_sha256 == hashlib.sha256(cert.pdf).hexdigest()  # of the signed file
    assert len(reader.embedded_signatures) == 1  # no timestamp server: no B-LTA


def test_a_changed_byte_breaks_the_signature(app, people):
    cert = issue_certificate(people)
    status, _ = validate(one_byte_changed(cert.pdf), trust_roots(app))
    assert not status.intact
    assert not status.bottom_line


def test_pdfsig_accepts_the_pdf_and_rejects_a_changed_byte(app, people, tmp_path):
    cert = issue_certificate(people)
    ca = app.config["PDF_SIGNING_CHAIN_FILE"]
    report = pdfsig(cert.pdf, ca, tmp_path)
    assert "Signature Validation: Signature is Valid." in report
    assert "Certificate Validation: Certificate is Trusted." in report
    changed = pdfsig(one_byte_changed(cert.pdf), ca, tmp_path)
    assert "Signature is Valid." not in changed
    assert "Digest Mismatch." in changed


def test_pdfsig_does_not_trust_another_ca(app, people, tmp_path):
    from lms.certificates.signing_ca import make_signing_ca

    other = make_signing_ca(tmp_path / "other", "elsewhere.example")
    report = pdfsig(issue_certificate(people).pdf, str(other.ca), tmp_path)
    assert "Signature is Valid." in report
    assert "Certificate is Trusted." not in report


@pytest.fixture
def tsa(tmp_path):
    """pyHanko's DummyTimeStamper with an RSA TSA certificate (it is RSA-only) from its own CA."""
    import datetime as dt

    from asn1crypto import keys as akeys
    from asn1crypto import x509 as ax509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
    from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    start = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime.now(dt.UTC) + dt.timedelta(days=3650)
    root_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    root = (
        x509.CertificateBuilder(name("Test TSA root"), name("Test TSA root"))
        .public_key(root_key.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    cert = (
        x509.CertificateBuilder(root.subject, name("Test TSA"))
        .public_key(key.public_key())
        .serial_number(2)
        .not_valid_before(start)
        .not_valid_after(end)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    der = serialization.Encoding.DER
    pkcs8 = serialization.PrivateFormat.PKCS8
    stamper = DummyTimeStamper(
        tsa_cert=ax509.Certificate.load(cert.public_bytes(der)),
        tsa_key=akeys.PrivateKeyInfo.load(
            key.private_bytes(der, pkcs8, serialization.NoEncryption())
        ),
    )
    root_pem = tmp_path / "tsa-root.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    return stamper, ax509.Certificate.load(root.public_bytes(der)), root_pem


def test_b_lta_when_a_timestamp_server_is_set(app, people, tsa):
    stamper, tsa_root, root_pem = tsa
    with timestamp_server(stamper) as url:
        app.config.update(PDF_TIMESTAMP_URL=url, PDF_TIMESTAMP_CA_FILE=str(root_pem))
        cert = issue_certificate(people)
    status, reader = validate(cert.pdf, [*trust_roots(app), tsa_root])
    assert status.bottom_line and status.trusted
    assert status.timestamp_validity is not None and status.timestamp_validity.valid
    signatures = reader.embedded_signatures
    assert len(signatures) == 2
    assert signatures[1].sig_object["/Type"] == "/DocTimeStamp"
    assert "/DSS" in reader.root
    checked = check_file(cert.pdf, db.session, app.config)  # as /verify/file does
    assert checked.genuine and checked.unchanged and checked.number == cert.number


def test_a_timestamp_server_that_is_down_stops_the_issue(app, people):
    app.config["PDF_TIMESTAMP_URL"] = "http://127.0.0.1:9/tsa"  # discard port: nothing listens
    with pytest.raises(SigningUnavailable):
        issue_certificate(people)


def test_production_without_signing_files_refuses_to_issue(app, people, caplog):
    for name in ("PDF_SIGNING_KEY_FILE", "PDF_SIGNING_CERT_FILE", "PDF_SIGNING_CHAIN_FILE"):
        app.config[name] = None
    app.config.update(TESTING=False, ENV_NAME="production")
    with pytest.raises(CertificateError, match="signing certificate is not set up"):
        signing_files(app.config)
    assert "PDF_SIGNING=off" in caplog.text


def test_pdf_signing_off_issues_an_unsigned_pdf(app, people):
    app.config.update(PDF_SIGNING="off", PDF_SIGNING_KEY_FILE=None, ENV_NAME="production")
    cert = issue_certificate(people)
    assert b"/ByteRange" not in cert.pdf
    assert cert.pdf_sha256 == hashlib.sha256(cert.pdf).hexdigest()


def test_signing_ca_command_writes_the_ca_and_signer(runner, tmp_path):
    done = runner.invoke(args=["certificates", "signing-ca", "--dir", str(tmp_path / "ca")])
    assert done.exit_code == 0, done.output
    folder = tmp_path / "ca"
    for key in ("signing-key.pem", "signing-ca.key"):
        assert stat.S_IMODE((folder / key).stat().st_mode) == 0o600
    ca = x509.load_pem_x509_certificate((folder / "signing-ca.pem").read_bytes())
    signer = x509.load_pem_x509_certificate((folder / "signing-cert.pem").read_bytes())
    constraints = ca.extensions.get_extension_for_class(x509.BasicConstraints)
    assert constraints.critical and constraints.value.ca
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign
    usage = signer.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment
    signer.verify_directly_issued_by(ca)
    assert "lms.test" in signer.subject.rfc4514_string()  # named after BASE_URL's host
    assert f"PDF_SIGNING_KEY_FILE={folder / 'signing-key.pem'}" in done.output
    again = runner.invoke(args=["certificates", "signing-ca", "--dir", str(folder)])
    assert again.exit_code != 0 and "--force" in again.output
    assert isinstance(folder, Path)


def test_an_encrypted_key_is_read_with_its_passphrase(app, tmp_path):
    from lms.certificates.pdf_check import check_pdf
    from lms.certificates.signing import sign_pdf
    from lms.certificates.signing_ca import make_signing_ca

    paths = make_signing_ca(tmp_path / "ca", "lms.test", passphrase=b"correct horse")
    assert b"ENCRYPTED" in paths.key.read_bytes()
    config = {
        "BASE_URL": "http://lms.test",
        "PDF_SIGNING_KEY_FILE": str(paths.key),
        "PDF_SIGNING_CERT_FILE": str(paths.cert),
        "PDF_SIGNING_CHAIN_FILE": str(paths.ca),
        "PDF_SIGNING_KEY_PASSPHRASE": "correct horse",
    }
    signed = sign_pdf(_one_page(), "PM-7K3Q-9XWD-H", config)
    assert check_pdf(signed, db.session, config).genuine


def _one_page() -> bytes:
    from datetime import date

    from lms.certificates.pdf import CertificateData, placeholder_certificate

    day = date(2026, 12, 2)
    return placeholder_certificate(
        CertificateData("A", "B", [], day, day, "", "", "PM-7K3Q-9XWD-H", "http://lms.test/")
    )


def test_signing_and_checking_work_while_an_event_loop_runs(app):
    """pyHanko's sync wrappers refuse to run under a running loop (a browser test's Playwright
    leaves one in the test thread): signing and checking run it in a thread of their own. Run
    here in a fresh thread whose loop calls them, whatever this thread already runs."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from lms.certificates.pdf_check import check_pdf
    from lms.certificates.signing import sign_pdf

    async def inside_a_loop():
        signed = sign_pdf(_one_page(), "PM-7K3Q-9XWD-H", app.config)
        return check_pdf(signed, db.session, app.config)

    def in_a_thread():
        with app.app_context():
            return asyncio.run(inside_a_loop())

    with ThreadPoolExecutor(max_workers=1) as pool:
        found = pool.submit(in_a_thread).result()
    assert found.genuine and found.number == "PM-7K3Q-9XWD-H"


def test_a_long_rsa_chain_fits_the_room_reserved_for_the_signature(app, tmp_path):
    """The signature's room is reserved from the certificates it carries (pyHanko then signs
    once, not twice): a scheme's own RSA certificate under an intermediate still fits."""
    import datetime as dt

    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from pyhanko.keys import load_certs_from_pemder

    from lms.certificates import signing_ca
    from lms.certificates.signing import sign_pdf

    now = dt.datetime.now(dt.UTC)
    made = []
    issuer, issuer_key = None, None
    for name, ca in (("Root", True), ("Intermediate", True), ("Scheme documents", False)):
        key = rsa.generate_private_key(public_exponent=65537, key_size=3072)
        cert = signing_ca._certificate(
            signing_ca._name(name, "scheme.example"),
            issuer,
            key.public_key(),
            issuer_key or key,
            ca=ca,
            years=1,
            now=now,
        )
        made.append((cert, key))
        issuer, issuer_key = cert, key
    pem = serialization.Encoding.PEM
    (root, _), (middle, _), (leaf, leaf_key) = made
    (tmp_path / "chain.pem").write_bytes(middle.public_bytes(pem) + root.public_bytes(pem))
    (tmp_path / "leaf.pem").write_bytes(leaf.public_bytes(pem))
    (tmp_path / "leaf.key").write_bytes(signing_ca._key_pem(leaf_key, None))
    signed = sign_pdf(
        _one_page(),
        "PM-TEST-0001",
        {
            "BASE_URL": "http://lms.test",
            "PDF_SIGNING_KEY_FILE": str(tmp_path / "leaf.key"),
            "PDF_SIGNING_CERT_FILE": str(tmp_path / "leaf.pem"),
            "PDF_SIGNING_CHAIN_FILE": str(tmp_path / "chain.pem"),
        },
    )
    roots = list(load_certs_from_pemder([str(tmp_path / "chain.pem")]))[-1:]  # the root
    status, _ = validate(signed, roots)
    assert status.intact and status.valid and status.trusted
