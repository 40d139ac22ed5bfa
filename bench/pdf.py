"""PDF timings for bench/inprocess.py: a certificate's render, its signed PDF, the whole issue
(PDF, signature, hash, storing, the credential), a bare WeasyPrint render, and peak memory.

Each certificate is printed as issuing prints it: its definition's title and competences (the core
certificate's six make the two-column list), its holder, scheme and issuer. The run is a fresh
process (bench/run.py starts one for it), so its peak resident memory (VmHWM, this process only)
is that of the app plus issuing these certificates; the memory before the first one is reported
too. ``cpu_median_ms`` is the signed PDF's CPU time (this process's, all threads): on a busy
machine the wall-clock figures grow with the load and it does not.
"""

from __future__ import annotations

import statistics
import time

from sqlalchemy import select

from lms.extensions import db


def _memory_mib() -> dict[str, float]:
    """This process's resident memory now and at its peak, in MiB (Linux's /proc/self/status).

    Not getrusage's ru_maxrss: a child started with fork or vfork carries its parent's peak
    across exec, so a small process started by a big one reports the big one's.
    """
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0]) / 1024
    return found


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


def pdf(app, runs: int = 20) -> dict:
    """Medians over ``runs`` certificates (one more first, to warm fonts and caches)."""
    before = _memory_mib()["VmRSS"]  # the app, before WeasyPrint and pyHanko are imported
    import weasyprint

    from lms.certificates.definitions import design_dir
    from lms.certificates.models import Certificate
    from lms.certificates.pdf import STYLESHEET_NAME, render_certificate, render_html, sha256_hex
    from lms.certificates.signing import sign_pdf
    from lms.credentials import badges, proofs

    certs = db.session.scalars(select(Certificate).order_by(Certificate.id).limit(runs)).all()
    data = [(cert, _data(cert), design_dir(cert.definition_slug)) for cert in [certs[0], *certs]]
    times: dict[str, list[float]] = {
        k: [] for k in ("render", "sign", "signed", "issue", "credential", "bare", "cpu")
    }
    for i, (cert, printed, design) in enumerate(data):
        cpu_from = time.process_time()
        started = time.perf_counter()
        rendered = render_certificate(design, printed)
        rendered_at = time.perf_counter()
        body = sign_pdf(rendered, cert.number, app.config)  # PAdES B-LT, as issuing does
        signed_at = time.perf_counter()
        cpu = time.process_time() - cpu_from
        cert.pdf, cert.pdf_sha256 = body, sha256_hex(body)
        db.session.commit()
        stored_at = time.perf_counter()
        proofs.sign(badges.build(cert, i, i))  # built and signed as issuing does; not stored
        issued_at = time.perf_counter()
        html = render_html(design, printed)
        css = (design / STYLESHEET_NAME).read_text(encoding="utf-8")
        bare_from = time.perf_counter()
        weasyprint.HTML(string=html).write_pdf(stylesheets=[weasyprint.CSS(string=css)])
        bare_at = time.perf_counter()
        if i:  # the first only warms fonts and caches
            times["render"].append(rendered_at - started)
            times["sign"].append(signed_at - rendered_at)
            times["signed"].append(signed_at - started)
            times["credential"].append(issued_at - stored_at)
            times["issue"].append(issued_at - started)
            times["bare"].append(bare_at - bare_from)
            times["cpu"].append(cpu)
    memory = _memory_mib()
    slugs = sorted({cert.definition_slug for cert, _, _ in data})
    return {
        "runs": len(times["render"]),
        "designs": {slug: sum(c.definition_slug == slug for c in certs) for slug in slugs},
        **{f"{name}_median_ms": _median_ms(values) for name, values in times.items()},
        "before_rss_mib": before,
        "peak_rss_mib": memory["VmHWM"],
    }
