"""The certificate printer: PDFs made in a small process of their own, errors brought back, a dead
or stuck printer replaced, the app never loading WeasyPrint."""

from __future__ import annotations

import dataclasses
import io
import os
import select
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
    return bool(PdfFileReader(io.BytesIO(body)).embedded_signatures)


def _numbered(number: str) -> CertificateData:
    return dataclasses.replace(DATA, number=number, verify_url=f"https://lms.test/verify/{number}")


def _reason(body: bytes) -> str:
    """The signature's reason, which names the certificate it was made for."""
    return str(PdfFileReader(io.BytesIO(body)).embedded_signatures[0].sig_object["/Reason"])


def test_a_certificate_is_printed_and_signed_by_another_process(own_printer, config):
    body = printer.printed(DESIGN, _numbered("PM-AAAA-AAAA-A"), config)
    assert body.startswith(b"%PDF-") and _reason(body) == "Certificate PM-AAAA-AAAA-A"
    pid = printer.printer_pid()
    assert pid is not None and pid != os.getpid()
    body = printer.printed(DESIGN, _numbered("PM-BBBB-BBBB-B"), config)
    assert _reason(body) == "Certificate PM-BBBB-BBBB-B"  # each job gets its own answer
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


def test_a_printer_that_has_printed_holds_no_flask_or_database_code(own_printer, config):
    printer.printed(DESIGN, DATA, config)
    loaded = set(printer._printer.ask(("modules",), 30))
    assert {"weasyprint", "pyhanko"} <= loaded
    assert not loaded & {"flask", "sqlalchemy", "flask_login", "psycopg", "alembic", "pydantic"}


def test_the_printer_is_not_given_the_apps_secrets(own_printer, config, monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "not-for-the-printer")
    monkeypatch.setenv("DATABASE_URL", "postgresql://secret@db/lms")
    printer.printed(DESIGN, DATA, config)
    environ = Path(f"/proc/{printer.printer_pid()}/environ").read_bytes().split(b"\0")
    names = {item.partition(b"=")[0].decode() for item in environ if item}
    assert "SECRET_KEY" not in names and "DATABASE_URL" not in names
    assert "PATH" in names and "PYTHONPATH" in names


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
    with pytest.raises(TemplateError):
        printer.printed(design, DATA, config)
    assert _signed(printer.printed(DESIGN, DATA, config))  # and the printer carries on


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
    printer.printed(DESIGN, DATA, config)  # started and warm: the next job times out mid-render
    with pytest.raises(printer.PrinterUnavailable, match="took too long"):
        printer.printed(DESIGN, _numbered("PM-BBBB-BBBB-B"), {**config, "PDF_PRINT_SECONDS": 0.01})
    assert printer.printer_pid() is None  # stopped, not left running
    body = printer.printed(DESIGN, _numbered("PM-CCCC-CCCC-C"), config)
    assert _reason(body) == "Certificate PM-CCCC-CCCC-C"  # not the one given up on


def test_a_printer_just_started_has_time_to_load_its_libraries(own_printer, config, monkeypatch):
    monkeypatch.setattr(printer, "STARTUP_SECONDS", 30)
    assert _signed(printer.printed(DESIGN, DATA, {**config, "PDF_PRINT_SECONDS": 0.5}))


def test_waiting_behind_other_certificates_is_bounded_too(own_printer, config):
    own_printer._lock.acquire()  # another thread's certificate, taking its time
    try:
        with pytest.raises(printer.PrinterUnavailable, match="took too long"):
            printer.printed(DESIGN, DATA, {**config, "PDF_PRINT_SECONDS": 0.2})
    finally:
        own_printer._lock.release()


def test_a_job_interrupted_while_waiting_never_hands_its_pdf_to_the_next(own_printer, config):
    """An exception while the app waits (a signal handler's, a KeyboardInterrupt) must not
    leave that job's answer in the pipe for the next certificate to take as its own."""

    class Interrupted(Exception):
        pass

    def interrupt(*_):
        raise Interrupted()

    printer.printed(DESIGN, DATA, config)  # warm
    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.02)
        with pytest.raises(Interrupted):
            printer.printed(DESIGN, _numbered("PM-BBBB-BBBB-B"), config)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    body = printer.printed(DESIGN, _numbered("PM-CCCC-CCCC-C"), config)
    assert _reason(body) == "Certificate PM-CCCC-CCCC-C"


def test_ctrl_c_in_a_terminal_leaves_the_printer_to_the_app(own_printer, config):
    printer.printed(DESIGN, DATA, config)
    pid = printer.printer_pid()
    os.kill(pid, signal.SIGINT)
    os.kill(pid, signal.SIGTERM)
    assert _signed(printer.printed(DESIGN, DATA, config))
    assert printer.printer_pid() == pid  # it carried on; it ends when the app closes its pipe


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
    ready, _, _ = select.select([read], [], [], 60)
    assert ready, "the forked process did not answer"
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
