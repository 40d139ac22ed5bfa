"""The demo's certificate PDFs: real WeasyPrint renders for `make run`, placeholders in tests."""

from __future__ import annotations

import io

from pypdf import PdfReader
from sqlalchemy import select

from lms.certificates.models import Certificate
from lms.certificates.pdf import sha256_hex
from lms.config import load_config
from lms.extensions import db


def test_the_demo_renders_real_pdfs_outside_tests():
    """Outside tests (``make run``) the demo's certificates are rendered by WeasyPrint."""
    assert load_config({"ENV_NAME": "development"})["DEMO_REAL_PDFS"] is True
    assert load_config({"TESTING": True})["DEMO_REAL_PDFS"] is False


def test_placeholder_pdfs_are_valid_and_stored_with_their_hash(app):
    """In tests each demo certificate holds a one-page PDF naming its number, hashed as usual."""
    from lms.demo import seed_demo

    seed_demo(db.session)
    db.session.commit()
    certs = db.session.scalars(select(Certificate)).all()
    assert certs
    for cert in certs:
        assert cert.pdf_sha256 == sha256_hex(cert.pdf)
        reader = PdfReader(io.BytesIO(cert.pdf), strict=True)
        assert len(reader.pages) == 1
        assert cert.number in reader.pages[0].extract_text()


def test_asking_for_real_pdfs_renders_each_with_its_design(app, monkeypatch):
    """With ``DEMO_REAL_PDFS`` the demo hands every certificate to the real (signing) renderer."""
    from lms.demo import seed_demo
    from lms.matching import demo

    rendered = []

    def render(design_dir, data, config):
        rendered.append((design_dir.parent.name, data.number))
        return b"%PDF-1.7 rendered"

    monkeypatch.setattr(demo, "print_certificate", render)
    app.config["DEMO_REAL_PDFS"] = True
    seed_demo(db.session)
    db.session.commit()
    certs = db.session.scalars(select(Certificate)).all()
    assert sorted(n for _, n in rendered) == sorted(c.number for c in certs)
    assert {slug for slug, _ in rendered} == {c.definition_slug for c in certs}
    assert all(c.pdf == b"%PDF-1.7 rendered" for c in certs)
