"""The printed certificate: its content, a QR code that scans, a renderer that reads no files."""

from __future__ import annotations

import io
import logging
import sys
import urllib.request
from datetime import date
from pathlib import Path

import pypdf
import pypdfium2
import pytest
import zxingcpp
from jinja2.exceptions import SecurityError, TemplateNotFound

from lms.certificates.number import new_number
from lms.certificates.pdf import (
    CertificateData,
    PdfUnavailable,
    data_only_url_fetcher,
    render_certificate,
    render_html,
    sha256_hex,
    template_context,
)

ROOT = Path(__file__).resolve().parents[2]
CORE_DESIGN = ROOT / "certificates" / "core-peer-mentor" / "design"
YOUNG_PEOPLE_DESIGN = ROOT / "certificates" / "young-people-endorsement" / "design"
NUMBER = new_number()

SAMPLE = CertificateData(
    holder_name="Marcia Okonkwo-Fairbairn",
    certificate_title="Peer Mentor Certificate",
    competences=["keep professional boundaries", "recognise and report safeguarding concerns"],
    issued_on=date(2026, 11, 28),
    valid_until=date(2028, 3, 4),
    scheme_name="Northgate Resettlement Mentors",
    issuer_name="Jo Whitfield",
    number=NUMBER,
    verify_url=f"https://mentors.example.org/verify/{NUMBER}?from=qr&x=1",
)


def _text(pdf: bytes) -> str:
    """All the text of a PDF, with runs of whitespace made single spaces."""
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def _qr_codes(pdf: bytes) -> list[str]:
    """The text of every QR code found on page 1, rasterised at 144 dpi."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        image = document[0].render(scale=2).to_pil()
    finally:
        document.close()
    return [
        barcode.text
        for barcode in zxingcpp.read_barcodes(image)
        if barcode.format == zxingcpp.BarcodeFormat.QRCode
    ]


@pytest.fixture
def opened_urls(monkeypatch) -> list[str]:
    """Every URL that WeasyPrint's fetcher actually opened (refused URLs never get this far)."""
    opened: list[str] = []
    real_open = urllib.request.OpenerDirector.open

    def recording_open(self, url, *args, **kwargs):
        opened.append(url.full_url if isinstance(url, urllib.request.Request) else url)
        return real_open(self, url, *args, **kwargs)

    monkeypatch.setattr(urllib.request.OpenerDirector, "open", recording_open)
    return opened


@pytest.fixture(scope="module")
def core_pdf() -> bytes:
    return render_certificate(CORE_DESIGN, SAMPLE)


def test_core_certificate_is_one_page_with_the_holder_and_number(core_pdf):
    """The PDF is one A4 landscape page naming the holder, the title, dates and the number."""
    assert core_pdf.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(core_pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (297, 210)
    text = _text(core_pdf)
    for expected in (
        "Marcia Okonkwo-Fairbairn",
        "Peer Mentor Certificate",
        "has shown the competences to",
        "keep professional boundaries",
        "28 November 2026",
        "4 March 2028",
        "Northgate Resettlement Mentors",
        "Jo Whitfield",
        "Check this certificate at",
    ):
        assert expected in text
    assert NUMBER in text.replace(" ", "")


def test_qr_code_encodes_the_verify_url_exactly(core_pdf):
    """Scanning the printed QR code gives the verification URL, character for character."""
    assert _qr_codes(core_pdf) == [SAMPLE.verify_url]


def test_template_gets_plain_values_with_uk_dates():
    """The template sees strings and a list, dates written the UK way, and the QR data URI."""
    context = template_context(SAMPLE)
    assert set(context) == {
        "holder_name",
        "certificate_title",
        "competences",
        "issued_on",
        "valid_until",
        "scheme_name",
        "issuer_name",
        "number",
        "verify_url",
        "qr_svg_data_uri",
        "qr_png_data_uri",
    }
    assert context["issued_on"] == "28 November 2026"
    assert context["valid_until"] == "4 March 2028"
    assert context["qr_svg_data_uri"].startswith("data:image/svg+xml")
    assert context["qr_png_data_uri"].startswith("data:image/png;base64,")
    assert all(isinstance(value, str) for key, value in context.items() if key != "competences")


@pytest.mark.parametrize("design", [CORE_DESIGN, YOUNG_PEOPLE_DESIGN], ids=lambda d: d.parent.name)
def test_holder_name_with_markup_is_escaped_in_every_design(design):
    """Each design escapes the name: an <img src="file:..."> tag is text, not an element."""
    data = CertificateData(**{**vars(SAMPLE), "holder_name": 'Sam <img src="file:///etc/passwd">'})
    html = render_html(design, data)
    assert "Sam &lt;img src=&#34;file:///etc/passwd&#34;&gt;" in html
    assert '<img src="file:' not in html


def test_young_people_design_prints_a_markup_name_as_text(opened_urls, caplog):
    """The second design renders on one page, prints the tag as text and never opens the file."""
    hostile = '<img src="file:///etc/passwd">'
    data = CertificateData(**{**vars(SAMPLE), "holder_name": f"Sam {hostile}"})
    with caplog.at_level(logging.WARNING):
        pdf = render_certificate(YOUNG_PEOPLE_DESIGN, data)
    assert _page_count(pdf) == 1
    assert f"Sam {hostile}" in _text(pdf)
    assert _qr_codes(pdf) == [SAMPLE.verify_url]
    assert all(url.startswith("data:") for url in opened_urls), opened_urls
    assert "passwd" not in caplog.text


def test_design_cannot_read_files_or_fetch_urls(tmp_path, opened_urls, caplog):
    """file:, http: and relative URLs in a design's HTML or CSS are refused; data: URIs work."""
    (tmp_path / "certificate.html").write_text(
        "<!doctype html><html><head>"
        '<link rel="stylesheet" href="http://example.com/style.css">'
        "</head><body><p>Holder: {{ holder_name }}</p>"
        '<img src="file:///etc/hostname"><img src="http://example.com/x.png">'
        '<img src="../../../etc/hostname">'
        '<img src="{{ qr_svg_data_uri }}" style="width: 40mm">'
        '<a rel="attachment" href="file:///etc/hostname">file</a>'
        "</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "certificate.css").write_text(
        '@import url("file:///etc/hostname");\n'
        '@font-face { font-family: Stolen; src: url("file:///etc/hostname"); }\n'
        '@page { size: A4 landscape; background: url("http://example.com/x.png"); }\n'
        'body { font-family: Stolen, "DejaVu Sans", sans-serif;'
        ' background-image: url("file:///etc/hostname"); }\n',
        encoding="utf-8",
    )
    with caplog.at_level(logging.WARNING, logger="lms.certificates.pdf"):
        pdf = render_certificate(tmp_path, SAMPLE)

    refused = [r.getMessage() for r in caplog.records if r.name == "lms.certificates.pdf"]
    assert any("file:///etc/hostname" in message for message in refused), refused
    assert any("http://example.com/x.png" in message for message in refused), refused
    assert any("http://example.com/style.css" in message for message in refused), refused
    assert all("refused" in message for message in refused)
    # Only the QR code's data: URI was ever opened; nothing on disk or on the network.
    assert opened_urls, "the data: URI of the QR code should have been fetched"
    assert all(url.startswith("data:") for url in opened_urls), opened_urls
    assert "Holder: Marcia Okonkwo-Fairbairn" in _text(pdf)
    assert _qr_codes(pdf) == [SAMPLE.verify_url]


@pytest.mark.parametrize(
    "url", ["file:///etc/hostname", "FILE:///etc/hostname", "http://example.com/x.png", "ftp://x/y"]
)
def test_url_fetcher_refuses_anything_but_data_uris(url, opened_urls):
    """The fetcher raises for every scheme other than data:, before anything is opened."""
    fetcher = data_only_url_fetcher()
    with pytest.raises(ValueError, match="only data: URIs"):
        fetcher.fetch(url)
    assert opened_urls == []
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ holder_name.__class__.__init__.__globals__ }}",
    ],
)
def test_template_cannot_reach_python_internals(tmp_path, payload):
    """The sandbox stops a design from climbing out through dunder attributes."""
    (tmp_path / "certificate.html").write_text(f"<p>{payload}</p>", encoding="utf-8")
    (tmp_path / "certificate.css").write_text("", encoding="utf-8")
    with pytest.raises(SecurityError):
        render_certificate(tmp_path, SAMPLE)


def test_template_can_only_include_files_from_its_own_folder(tmp_path):
    """The loader is rooted at the design folder: ../ paths are not found."""
    design = tmp_path / "design"
    design.mkdir()
    (tmp_path / "secret.html").write_text("secret", encoding="utf-8")
    (design / "certificate.html").write_text('{% include "../secret.html" %}', encoding="utf-8")
    with pytest.raises(TemplateNotFound):
        render_html(design, SAMPLE)


def test_missing_weasyprint_gives_a_clear_error(monkeypatch):
    """Without WeasyPrint or Pango, rendering says which Debian packages to install."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(PdfUnavailable, match=r"libpango-1\.0-0"):
        render_certificate(CORE_DESIGN, SAMPLE)


def test_sha256_hex():
    """The digest stored with a PDF is the usual lower-case hex SHA-256."""
    assert sha256_hex(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )
