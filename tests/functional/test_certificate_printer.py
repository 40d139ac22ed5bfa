"""The certificate printer: PDFs made in a small process of their own, errors brought back, a dead
or stuck printer replaced, the app never loading WeasyPrint."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader

from lms.certificates import printer
from lms.certificates.pdf import CertificateData
from lms.certificates.signing import SigningUnavailable
from lms.config import ROOT, ConfigError, load_config

DESIGN = ROOT / "certificates" / "core-peer-mentor" / "design"
DATA = CertificateData(
    holder_name="Sam Taylor",
    certificate_title="Peer Mentor Certificate",
    competences=["keep professional boundaries", "recognise and report safeguarding concerns"],
    issued_on=date(2026, 12, 1),
    valid_until=date(2027, 12, 1),
    scheme_name="Demo scheme",
    issuer_name="Trainer",
    number="PM-ABCD-EFGH-J",
    verify_url="https://lms.test/verify/PM-ABCD-EFGH-J",
)


@pytest.fixture()
def own_printer(monkeypatch):
    """A printer of this test's own, stopped afterwards."""
    fresh = printer.Printer()
    monkeypatch.setattr(printer, "_printer", fresh)
    yield fresh
    fresh.close()


@pytest.fixture()
def config(pdf_signing) -> dict:
    return {"BASE_URL": "https://lms.test", "TESTING": True, "PDF_SIGNING": "on", **pdf_signing}


def _signed(body: bytes) -> bool:
    import io

    return bool(PdfFileReader(io.BytesIO(body)).embedded_signatures)


def test_a_certificate_is_printed_and_signed_by_another_process(own_printer, config):
    body = printer.printed(DESIGN, DATA, config)
    assert body.startswith(b"%PDF-") and _signed(body)
    pid = printer.printer_pid()
    assert pid is not None and pid != os.getpid()
    printer.printed(DESIGN, DATA, config)
    assert printer.printer_pid() == pid  # kept warm for the next certificate
    memory = printer.printer_memory()
    assert 0 < memory["VmRSS"] <= memory["VmHWM"]


def test_the_printer_process_never_imports_the_app():
    """What the printer runs imports no Flask, SQLAlchemy or app models (its memory is small)."""
    code = (
        "import sys, lms.certificates.print_worker, lms.certificates.signing, "
        "lms.certificates.pdf\n"
        "heavy = {'flask', 'sqlalchemy', 'pydantic', 'lms.models', 'lms.extensions'}\n"
        "print(sorted(heavy & set(sys.modules)))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


def test_an_error_in_the_printer_is_raised_in_the_app_and_the_printer_lives_on(
    own_printer, config, tmp_path
):
    broken = {**config, "PDF_SIGNING_KEY_FILE": str(tmp_path / "gone.pem")}
    with pytest.raises(SigningUnavailable, match="signing key or certificate could not be read"):
        printer.printed(DESIGN, DATA, broken)
    pid = printer.printer_pid()
    assert pid is not None
    assert _signed(printer.printed(DESIGN, DATA, config))
    assert printer.printer_pid() == pid


def test_a_broken_design_comes_back_as_the_template_error(own_printer, config, tmp_path):
    from jinja2 import TemplateError

    design = tmp_path / "design"
    design.mkdir()
    (design / "certificate.html").write_text("<p>{{ holder_name </p>", encoding="utf-8")
    (design / "certificate.css").write_text("", encoding="utf-8")
    with pytest.raises((TemplateError, RuntimeError), match=r"holder_name|end of print|unexpected"):
        printer.printed(design, DATA, config)


def test_a_printer_that_dies_is_started_again(own_printer, config):
    printer.printed(DESIGN, DATA, config)
    first = printer.printer_pid()
    os.kill(first, signal.SIGKILL)
    assert _signed(printer.printed(DESIGN, DATA, config))
    assert printer.printer_pid() not in (None, first)


def test_a_printer_that_dies_on_every_try_is_an_error_not_a_hang(own_printer, config, monkeypatch):
    monkeypatch.setattr(printer.sys, "executable", "/bin/true")  # "starts" and exits at once
    with pytest.raises(printer.PrinterUnavailable, match="could not be made"):
        printer.printed(DESIGN, DATA, config)


def test_a_stuck_printer_is_stopped_and_the_person_told(own_printer, config):
    with pytest.raises(printer.PrinterUnavailable, match="took too long"):
        printer.printed(DESIGN, DATA, {**config, "PDF_PRINT_SECONDS": 0.001})
    assert printer.printer_pid() is None  # stopped, not left running
    assert _signed(printer.printed(DESIGN, DATA, config))


def test_a_printer_is_replaced_after_its_share_of_prints(own_printer, config, monkeypatch):
    monkeypatch.setattr(printer, "PRINTS_PER_PROCESS", 2)
    printer.printed(DESIGN, DATA, config)
    first = printer.printer_pid()
    printer.printed(DESIGN, DATA, config)
    assert printer.printer_pid() is None  # let go after its second
    printer.printed(DESIGN, DATA, config)
    assert printer.printer_pid() not in (None, first)


def test_a_forked_app_process_starts_a_printer_of_its_own(own_printer, config):
    printer.printed(DESIGN, DATA, config)
    parents = printer.printer_pid()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover (runs in the forked process)
        try:
            ok = _signed(printer.printed(DESIGN, DATA, config))
            theirs = printer.printer_pid()
            os.write(write, f"{ok} {theirs}".encode())
            own_printer.close()
        finally:
            os._exit(0)
    os.close(write)
    answer = os.read(read, 100).decode().split()
    os.waitpid(child, 0)
    assert answer[0] == "True" and int(answer[1]) not in (parents, os.getpid())
    assert printer.printer_pid() == parents  # the parent's printer was left alone
    assert _signed(printer.printed(DESIGN, DATA, config))


def test_only_the_printing_settings_are_sent(config):
    sent = printer.settings({**config, "SECRET_KEY": "s", "AUDIT_KEY": "a", "PDF_PRINTER": "x"})
    assert "SECRET_KEY" not in sent and "AUDIT_KEY" not in sent and "PDF_PRINTER" not in sent
    assert sent["PDF_SIGNING_KEY_FILE"] == config["PDF_SIGNING_KEY_FILE"]
    assert sent["BASE_URL"] == "https://lms.test"


def test_inline_printing_renders_in_this_process(own_printer, config, monkeypatch):
    from lms.certificates import signing

    monkeypatch.setattr(signing, "render_signed", lambda design, data, config: b"%PDF-inline")
    assert printer.printed(DESIGN, DATA, {**config, "PDF_PRINTER": "inline"}) == b"%PDF-inline"
    assert printer.printer_pid() is None


def test_an_unknown_printer_setting_is_refused_at_start():
    with pytest.raises(ConfigError, match="PDF_PRINTER must be process"):
        load_config({"TESTING": True, "PDF_PRINTER": "thread"})
    assert load_config({"TESTING": True})["PDF_PRINTER"] == "process"


def test_the_design_folder_is_sent_as_an_absolute_path(own_printer, config, monkeypatch):
    monkeypatch.chdir(ROOT)
    relative = Path("certificates") / "core-peer-mentor" / "design"
    assert _signed(printer.printed(relative, DATA, config))
