"""PDF timings for bench/inprocess.py: a certificate's signed PDF from the printer process, the
whole issue (PDF, signature, hash, storing, the credential), the render and signature apart, a
bare WeasyPrint render, and the printer's peak memory.

Each certificate is printed as issuing prints it: its definition's title and competences (the core
certificate's six make the two-column list), its holder, scheme and issuer. The printer is a
fresh process started by the first one, so its peak resident memory (VmHWM) is that of printing
these certificates; the app's own memory before and after issuing is reported too.
``cpu_median_ms`` is the printer's CPU time for a signed PDF: on a busy machine the wall-clock
figures grow with the load and it does not.
"""

from __future__ import annotations

import os
import statistics
import time

from sqlalchemy import select

from lms.certificates.print_worker import memory_mib as _memory_mib
from lms.extensions import db


def _median_ms(times: list[float]) -> float:
    return statistics.median(times) * 1000


def _data(cert):
    from lms.accounts.text import strip_hidden
    from lms.certificates.competences import competence_label
    from lms.certificates.pdf import CertificateData

    return CertificateData(
        holder_name=strip_hidden(cert.holder_name),
        certificate_title=cert.definition.title,
        competences=[competence_label(code) for code in cert.competences],
        issued_on=cert.valid_from,
        valid_until=cert.valid_until,
        scheme_name=strip_hidden(cert.scheme.name) if cert.scheme else "",
        issuer_name=strip_hidden(cert.issued_by.name),
        number=cert.number,
        verify_url=f"http://127.0.0.1:5000/verify/{cert.number}",
    )


def _cpu_seconds(pid: int) -> float:
    """The CPU time (user and system) process ``pid`` has used, from /proc/<pid>/stat."""
    with open(f"/proc/{pid}/stat", encoding="ascii") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def pdf(app, runs: int = 20) -> dict:
    """Medians over ``runs`` certificates (one more first, to warm fonts and caches).

    First as issuing does it: the printer process (lms/certificates/printer.py) renders and
    signs, this one stores the bytes and builds the credential; the peak memory is the
    printer's, the process that makes PDFs. Then, in this process, the render and the signature
    apart and a bare WeasyPrint render, to show where the time goes.
    """
    before = _memory_mib()["VmRSS"]  # the app and its data
    from lms.certificates import printer
    from lms.certificates.definitions import design_dir
    from lms.certificates.models import Certificate
    from lms.certificates.pdf import sha256_hex
    from lms.credentials import badges, proofs

    certs = db.session.scalars(select(Certificate).order_by(Certificate.id).limit(runs)).all()
    data = [(cert, _data(cert), design_dir(cert.definition_slug)) for cert in [certs[0], *certs]]
    times: dict[str, list[float]] = {
        k: [] for k in ("render", "sign", "signed", "issue", "credential", "bare", "cpu")
    }
    last_cpu = 0.0
    for i, (cert, printed, design) in enumerate(data):
        started = time.perf_counter()
        body = printer.printed(design, printed, app.config)  # PAdES B-LT, as issuing does
        signed_at = time.perf_counter()
        cpu = _cpu_seconds(printer.printer_pid())
        cert.pdf, cert.pdf_sha256 = body, sha256_hex(body)
        db.session.commit()
        stored_at = time.perf_counter()
        proofs.sign(badges.build(cert, i, i))  # built and signed as issuing does; not stored
        issued_at = time.perf_counter()
        if i:  # the first only starts the printer and warms its fonts and caches
            times["signed"].append(signed_at - started)
            times["credential"].append(issued_at - stored_at)
            times["issue"].append(issued_at - started)
            times["cpu"].append(cpu - last_cpu)
        last_cpu = cpu
    app_memory = _memory_mib()
    printer_memory = printer.printer_memory()
    times["render"], times["sign"], times["bare"] = _apart(app, data)
    slugs = sorted({cert.definition_slug for cert, _, _ in data})
    return {
        "runs": len(times["signed"]),
        "designs": {slug: sum(c.definition_slug == slug for c in certs) for slug in slugs},
        **{f"{name}_median_ms": _median_ms(values) for name, values in times.items()},
        "before_rss_mib": before,
        "app_peak_mib": app_memory["VmHWM"],
        "peak_rss_mib": printer_memory["VmHWM"],
    }


def _apart(app, data) -> tuple[list[float], list[float], list[float]]:
    """In this process: render alone, signing alone, and a bare WeasyPrint render of each."""
    import weasyprint

    from lms.certificates.pdf import STYLESHEET_NAME, render_certificate, render_html
    from lms.certificates.signing import sign_pdf

    render, sign, bare = [], [], []
    for i, (cert, printed, design) in enumerate(data):
        started = time.perf_counter()
        rendered = render_certificate(design, printed)
        rendered_at = time.perf_counter()
        sign_pdf(rendered, cert.number, app.config)
        signed_at = time.perf_counter()
        html = render_html(design, printed)
        css = (design / STYLESHEET_NAME).read_text(encoding="utf-8")
        bare_from = time.perf_counter()
        weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(string=css)])
        bare_at = time.perf_counter()
        if i:
            render.append(rendered_at - started)
            sign.append(signed_at - rendered_at)
            bare.append(bare_at - bare_from)
    return render, sign, bare
