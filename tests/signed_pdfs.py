"""Helpers for the signed-PDF tests: issue a real certificate, check it with pyHanko and poppler's
pdfsig, change one byte, and a local RFC 3161 timestamp server (pyHanko's DummyTimeStamper)."""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from lms.accounts.models import Role
from lms.certificates import services
from lms.extensions import db
from lms.ukdates import uk_today
from tests.factories import make_definition, make_eligible, make_person
from tests.tools import missing


def issue_certificate(people, name: str = "Sam Taylor", email: str = "sam@example.org"):
    """A certificate issued through the service (rendered by WeasyPrint and signed), committed."""
    definition = make_definition()
    person = make_person(email, name, [Role.TRAINEE], people["trainee"].scheme)
    make_eligible(person, people["trainer"], people["coordinator"])
    cert = services.issue(
        db.session,
        people["trainer"],
        person,
        definition,
        services.IssueSettings(base_url="http://lms.test"),
        today=uk_today(),
    )
    db.session.commit()
    return cert


def trust_roots(app):
    from pyhanko.keys import load_certs_from_pemder

    return list(load_certs_from_pemder([app.config["PDF_SIGNING_CHAIN_FILE"]]))


def validate(pdf: bytes, roots):
    """pyHanko's verdict on the first (document) signature, and the reader."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import async_validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    from lms.certificates.signing import run_async

    def context():
        return ValidationContext(
            trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
        )

    reader = PdfFileReader(io.BytesIO(pdf))
    # Not pyHanko's sync wrapper: it fails under the event loop a browser test leaves running.
    status = run_async(
        lambda: async_validate_pdf_signature(
            reader.embedded_signatures[0],
            signer_validation_context=context(),
            ts_validation_context=context(),
        )
    )
    return status, reader


def one_byte_changed(pdf: bytes) -> bytes:
    """``pdf`` with one byte of its binary-marker comment (line 2, inside the signed range)
    changed: every reader still parses it, but the signed digest no longer matches."""
    changed = bytearray(pdf)
    at = pdf.index(b"\n") + 2
    changed[at] = changed[at] ^ 0x01
    return bytes(changed)


def pdfsig_tools() -> tuple[str, str]:
    """pdfsig and certutil; missing tools fail the test under CI=1, else skip it."""
    pdfsig, certutil = shutil.which("pdfsig"), shutil.which("certutil")
    if pdfsig and certutil:
        return pdfsig, certutil
    message = "pdfsig/certutil missing: apt-get install poppler-utils libnss3-tools"
    missing(message)


def pdfsig(pdf: bytes, ca_pem: str, tmp_path: Path) -> str:
    """pdfsig's report (stdout) for ``pdf`` with an NSS database trusting our CA.

    pdfsig exits 0 even on a digest mismatch, so callers read the text."""
    tool, certutil = pdfsig_tools()
    nss = tmp_path / "nss"
    if not nss.exists():
        nss.mkdir()
        new_db = [certutil, "-N", "-d", f"sql:{nss}", "--empty-password"]
        subprocess.run(new_db, check=True)  # noqa: S603 - NSS's own tool, our arguments
        subprocess.run(  # noqa: S603 - NSS's own tool, our arguments
            [certutil, "-A", "-d", f"sql:{nss}", "-n", "LMS CA", "-t", "CT,C,C", "-i", ca_pem],
            check=True,
        )
    path = tmp_path / "checked.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(  # noqa: S603 - poppler's pdfsig, our arguments
        [tool, "-nssdir", f"sql:{nss}", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@contextmanager
def timestamp_server(tsa) -> Iterator[str]:
    """A loopback HTTP endpoint answering RFC 3161 requests with ``tsa`` (a DummyTimeStamper)."""
    from asn1crypto import tsp

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            answer = tsa.request_tsa_response(tsp.TimeStampReq.load(body)).dump()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/tsa"
    finally:
        server.shutdown()
        server.server_close()
