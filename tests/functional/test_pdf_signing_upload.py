"""The verify page's file check: an uploaded certificate PDF is genuine, unchanged and still valid
(or not), shows what the record says, and bad files get a clear message, never a 500."""

from __future__ import annotations

import io
import re

import pytest

from lms.certificates import services
from lms.certificates.pdf import CertificateData, placeholder_certificate
from lms.extensions import db
from lms.ukdates import uk_today
from tests.conftest import csrf_token
from tests.signed_pdfs import issue_certificate, one_byte_changed

PATH = "/verify/file"


@pytest.fixture
def app_config(app_config):
    app_config["RATELIMIT_VERIFY"] = "1000 per minute"
    return app_config


def upload(client, data: bytes | None, filename: str = "certificate.pdf"):
    form = {"csrf_token": csrf_token(client, PATH)}
    if data is not None:
        form["file"] = (io.BytesIO(data), filename)
    return client.post(PATH, data=form, content_type="multipart/form-data")


def answers(html: str) -> dict[str, str]:
    found = re.findall(r'data-check="(\w+)">([^<]*)<', html)
    return {key: text.strip() for key, text in found}


def test_the_form_page_follows_the_file_upload_pattern(client):
    page = client.get(PATH)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in html
    assert 'type="file"' in html and 'class="govuk-file-upload"' in html
    assert 'data-module="govuk-file-upload"' in html
    assert 'aria-describedby="file-hint"' in html
    assert "smaller than 1 MB" in html
    assert 'name="csrf_token"' in html
    assert PATH in client.get("/verify").get_data(as_text=True)  # linked from the number form


def test_a_real_pdf_is_genuine_unchanged_and_valid(client, people):
    cert = issue_certificate(people, name="Robin Lee", email="robin@example.org")
    page = upload(client, cert.pdf)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert answers(html) == {
        "genuine": "Yes: it is signed by this service",
        "unchanged": "Yes: it is exactly the file we issued",
        "status": "Yes",
    }
    assert "This certificate is valid" in html
    assert "Robin Lee" in html and cert.number in html
    assert "mentor people in the criminal justice system as a peer" in html
    assert page.headers["Cache-Control"] == "no-store"


def test_a_changed_byte_is_not_genuine(client, people):
    cert = issue_certificate(people)
    page = upload(client, one_byte_changed(cert.pdf))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert answers(html)["genuine"].startswith("No")
    assert answers(html)["unchanged"] == "No: the file has been changed since we issued it"
    assert "This file is not a genuine certificate" in html
    assert cert.holder_name not in html  # nothing from the record is vouched for


def test_bytes_added_after_the_signature_are_a_change(client, people):
    """The signature still checks out (it covers only what it signed), but the file is not the
    one issued: its SHA-256 differs from the record's."""
    cert = issue_certificate(people)
    page = upload(client, cert.pdf + b"\n% added later\n")
    found = answers(page.get_data(as_text=True))
    assert found["genuine"] == "Yes: it is signed by this service"
    assert found["unchanged"] == "No: the file has been changed since we issued it"
    assert found["status"] == "Do not rely on it"


def test_a_revoked_certificate_is_not_valid(client, people):
    cert = issue_certificate(people)
    proposal = services.propose_revocation(
        db.session, people["coordinator"], cert, "Serious breach of the code of conduct"
    )
    services.decide_revocation(db.session, people["admin"], proposal, approve=True, note="Agreed")
    db.session.commit()
    html = upload(client, cert.pdf).get_data(as_text=True)
    assert answers(html)["status"] == "No: it is not valid"
    assert "This certificate is not valid" in html
    assert "Serious breach" not in html  # never why


def test_a_pdf_signed_by_someone_else_is_not_genuine(app, client, people, tmp_path):
    from lms.certificates.signing import sign_pdf
    from lms.certificates.signing_ca import make_signing_ca

    cert = issue_certificate(people)
    other = make_signing_ca(tmp_path / "forger", "forger.example")
    forged = sign_pdf(
        placeholder_certificate(_printed(cert)),
        cert.number,
        {
            "BASE_URL": "http://forger.example",
            "PDF_SIGNING_KEY_FILE": str(other.key),
            "PDF_SIGNING_CERT_FILE": str(other.cert),
            "PDF_SIGNING_CHAIN_FILE": str(other.ca),
        },
    )
    found = answers(upload(client, forged).get_data(as_text=True))
    assert found["genuine"].startswith("No")


def _printed(cert) -> CertificateData:
    return CertificateData(
        holder_name=cert.holder_name,
        certificate_title="Peer Mentor Certificate",
        competences=[],
        issued_on=uk_today(),
        valid_until=uk_today(),
        scheme_name="",
        issuer_name="",
        number=cert.number,
        verify_url="http://lms.test/verify/" + cert.number,
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (None, "Select the certificate file"),
        (b"", "The selected file is empty"),
        (b"hello, this is not a pdf", "must be the PDF of a certificate or its credential"),
        (b"%PDF-1.7\nnot really a pdf at all", "could not be read as a PDF"),
        ("unsigned", "has no signature"),
    ],
)
def test_bad_files_get_a_clear_error(client, people, data, message):
    if data == "unsigned":
        data = placeholder_certificate(_printed(issue_certificate(people)))
    page = upload(client, data)
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "There is a problem" in html and message in html
    assert 'href="#file"' in html  # the error summary points at the field
    assert "govuk-file-upload--error" in html


def test_too_big_a_file_gets_the_form_again(app, client):
    token = csrf_token(client, PATH)
    app.config["MAX_CONTENT_LENGTH"] = 50 * 1024
    data = {"csrf_token": token, "file": (io.BytesIO(b"%PDF-" + b"0" * 60 * 1024), "big.pdf")}
    page = client.post(PATH, data=data, content_type="multipart/form-data")
    html = page.get_data(as_text=True)
    assert page.status_code == 413
    assert "The selected file must be smaller than 50 KB" in html
    assert "There is a problem" in html


def test_the_upload_needs_a_csrf_token(client):
    data = {"file": (io.BytesIO(b"%PDF-1.7"), "certificate.pdf")}
    page = client.post(PATH, data=data, content_type="multipart/form-data")
    assert page.status_code == 400


def _ours_with_an_annotation_added(pdf: bytes) -> bytes:
    """The issued file with a text note added in a new revision after the signatures: every
    signature still checks out for what it covers."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    page_ref = writer.root["/Pages"]["/Kids"][0]
    note = generic.DictionaryObject(
        {
            generic.NameObject("/Type"): generic.NameObject("/Annot"),
            generic.NameObject("/Subtype"): generic.NameObject("/FreeText"),
            generic.NameObject("/Rect"): generic.ArrayObject(
                [generic.NumberObject(n) for n in (50, 50, 300, 80)]
            ),
            generic.NameObject("/Contents"): generic.TextStringObject("Valid until 2099"),
            generic.NameObject("/DA"): generic.TextStringObject("/Helv 12 Tf 0 g"),
        }
    )
    page = page_ref.get_object()
    page[generic.NameObject("/Annots")] = generic.ArrayObject([writer.add_object(note)])
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_note_added_after_signing_makes_it_not_genuine(client, people):
    cert = issue_certificate(people)
    found = answers(upload(client, _ours_with_an_annotation_added(cert.pdf)).get_data(as_text=True))
    assert found["genuine"] == "No: something was added to it after it was signed"
    assert found["status"] == "Do not rely on it"


def test_a_pdf_signed_by_another_certificate_from_our_ca_is_not_genuine(app, client, people):
    """The signer is pinned to the site's own signing certificate's subject: another certificate
    the same CA issued (as a public CA does for its other customers) chains to a trust root but
    is not ours."""
    from lms.certificates.signing import sign_pdf

    cert = issue_certificate(people)
    other_cert, other_key = _another_signer_from_our_ca(app)
    forged = sign_pdf(
        placeholder_certificate(_printed(cert)),
        cert.number,
        {
            "BASE_URL": "http://lms.test",
            "PDF_SIGNING_KEY_FILE": str(other_key),
            "PDF_SIGNING_CERT_FILE": str(other_cert),
            "PDF_SIGNING_CHAIN_FILE": app.config["PDF_SIGNING_CHAIN_FILE"],
        },
    )
    found = answers(upload(client, forged).get_data(as_text=True))
    assert found["genuine"] == "No: it is not signed by this service, or its signature is broken"


def _another_signer_from_our_ca(app):
    import datetime as dt
    from pathlib import Path

    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    from lms.certificates import signing_ca

    directory = Path(app.config["PDF_SIGNING_CHAIN_FILE"]).parent
    ca = x509.load_pem_x509_certificate(Path(app.config["PDF_SIGNING_CHAIN_FILE"]).read_bytes())
    ca_key = serialization.load_pem_private_key(
        (directory / signing_ca.CA_KEY_FILE).read_bytes(), None
    )
    key = ec.generate_private_key(ec.SECP256R1())
    name = signing_ca._name("Someone else entirely", "elsewhere.example")
    leaf = signing_ca._certificate(
        name, ca, key.public_key(), ca_key, ca=False, years=1, now=dt.datetime.now(dt.UTC)
    )
    cert_path, key_path = directory / "other-signer.pem", directory / "other-signer.key"
    cert_path.write_bytes(leaf.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(signing_ca._key_pem(key, None))
    return cert_path, key_path
