"""The three certificate designs on one page with long names and lists, and the renderer's caches
(stylesheets re-read when edited, a font configuration per thread)."""

from __future__ import annotations

import io
import re
import threading
from datetime import date
from pathlib import Path

import pypdf
import pytest

from lms.certificates import pdf as certificate_pdf
from lms.certificates.pdf import CertificateData, render_certificate, render_html

ROOT = Path(__file__).resolve().parents[2]
DESIGNS = sorted((ROOT / "certificates").glob("*/design"))
LONG_NAME = "Anne-Marie Bartholomew-Featherstonehaugh Okonkwo-Fairbairn Smith"  # 63 characters
LONG_COMPETENCE = "recognise and report safeguarding concerns about adults and children"


def _data(name: str = "Marcia Okonkwo-Fairbairn", competences=None) -> CertificateData:
    return CertificateData(
        holder_name=name,
        certificate_title="Peer Mentor Certificate",
        competences=competences or ["keep professional boundaries"],
        issued_on=date(2026, 11, 28),
        valid_until=date(2028, 11, 28),
        scheme_name="Northgate Resettlement Mentors of the North East and Cumbria",
        issuer_name="Jo Whitfield",
        number="PM-7K3Q-9XWD-C",
        verify_url="https://mentors.example.org/verify/PM-7K3Q-9XWD-C",
    )


def _pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def test_there_are_three_designs():
    assert [d.parent.name for d in DESIGNS] == [
        "core-peer-mentor",
        "womens-endorsement",
        "young-people-endorsement",
    ]


@pytest.mark.parametrize("design", DESIGNS, ids=lambda d: d.parent.name)
def test_a_long_name_and_twelve_competences_fit_one_page(design):
    """The longest likely name and a list twice the core certificate's stay on one page, with the
    footer (number, QR text) on it too."""
    competences = [f"{LONG_COMPETENCE} ({n})" for n in range(1, 13)]
    pages = _pages(render_certificate(design, _data(LONG_NAME, competences)))
    assert len(pages) == 1
    text = " ".join(pages[0].split())
    for expected in ("Okonkwo-", "Fairbairn Smith", "(1)", "(12)", "Check this certificate at"):
        assert expected in text
    assert "PM-7K3Q-9XWD-C" in text.replace(" ", "")


@pytest.mark.parametrize("design", DESIGNS, ids=lambda d: d.parent.name)
def test_no_design_uses_flex_boxes(design):
    """WeasyPrint lays a flex box's items out several times (nested ones took 2 s a page)."""
    css = (design / "certificate.css").read_text(encoding="utf-8")
    assert "flex" not in css.replace("flex box", "")
    assert "columns:" not in css  # multi-column balancing lays the list out again and again


@pytest.mark.parametrize("design", DESIGNS, ids=lambda d: d.parent.name)
def test_designs_avoid_what_weasyprint_is_slow_at(design):
    """The PNG QR code (drawn at once, not as an SVG path), no custom properties, and the
    absolute footer given left and right rather than measured by laying it out first."""
    css = re.sub(r"/\*.*?\*/", "", (design / "certificate.css").read_text("utf-8"), flags=re.S)
    html = (design / "certificate.html").read_text(encoding="utf-8")
    assert "{{ qr_png_data_uri }}" in html and "qr_svg_data_uri" not in html
    assert "image-rendering: pixelated" in css
    assert "var(" not in css
    footer = re.search(r"\.details \{(.*?)\}", css, re.S).group(1)
    assert "position: absolute" in footer and "left:" in footer and "right:" in footer


def test_more_than_five_competences_are_two_lists_in_order():
    """Six or more competences are split into two lists, the first half (rounded up) on the left;
    five or fewer are one list."""
    design = DESIGNS[0]
    six = [f"competence {n}" for n in range(1, 8)]
    html = render_html(design, _data(competences=six))
    assert html.count("<ul>") == 2 and "two-columns" in html
    left, right = html.split("</ul>")[:2]
    assert "competence 4" in left and "competence 5" in right
    assert html.index("competence 1") < html.index("competence 7")
    html = render_html(design, _data(competences=six[:5]))
    assert html.count("<ul>") == 1 and "two-columns" not in html


def test_an_edited_stylesheet_is_read_again(tmp_path):
    """The parsed stylesheet is kept, but a change to the file is seen on the next render."""
    (tmp_path / "certificate.html").write_text("<p>{{ holder_name }}</p>", encoding="utf-8")
    css = tmp_path / "certificate.css"
    css.write_text("@page { size: A4 landscape; }", encoding="utf-8")
    box = pypdf.PdfReader(io.BytesIO(render_certificate(tmp_path, _data()))).pages[0].mediabox
    assert float(box.width) > float(box.height)
    css.write_text("@page { size: A4 portrait; }", encoding="utf-8")
    box = pypdf.PdfReader(io.BytesIO(render_certificate(tmp_path, _data()))).pages[0].mediabox
    assert float(box.width) < float(box.height)


def test_each_thread_renders_with_its_own_font_configuration():
    """Two threads render at once, each with a FontConfiguration of its own (Pango's font maps
    are not shared between threads)."""
    design = DESIGNS[0]
    seen, pdfs, errors = [], [], []

    def work() -> None:
        try:
            pdfs.append(render_certificate(design, _data()))
            seen.append(certificate_pdf._renderer.fonts())
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(pdfs) == 2 and all(len(_pages(pdf)) == 1 for pdf in pdfs)
    assert seen[0] is not seen[1]
    assert certificate_pdf._renderer.fonts() not in seen
