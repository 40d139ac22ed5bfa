"""The printed certificate: a PDF rendered by WeasyPrint from a certificate's design folder.

The design folder contract
--------------------------
A design is a folder (``certificates/<slug>/design/``) holding exactly two files that matter:

``certificate.html``
    A Jinja2 template, rendered in a sandbox with autoescaping on. It may ``{% include %}`` or
    ``{% extends %}`` other templates, but only from the same folder. It gets these variables,
    all plain strings except ``competences``:

    - ``holder_name``: the mentor's name as it should be printed
    - ``certificate_title``: e.g. "Peer Mentor Certificate"
    - ``competences``: a list of readable competence labels ("keep professional boundaries")
    - ``issued_on``, ``valid_until``: dates written the UK way, e.g. "28 November 2026"
    - ``scheme_name``: the scheme the certificate belongs to
    - ``issuer_name``: the trainer or admin who issued it
    - ``number``: the certificate number, ``PM-XXXX-XXXX-C``
    - ``verify_url``: the public page where anyone can check the certificate
    - ``qr_png_data_uri``: a ``data:image/png`` URI of a QR code for ``verify_url``, one pixel
      a module; use it as ``<img src="{{ qr_png_data_uri }}" alt="...">`` with
      ``image-rendering: pixelated`` and a size (30 mm) in the stylesheet
    - ``qr_svg_data_uri``: the same QR code as ``data:image/svg+xml`` (prints the same, but
      WeasyPrint takes about 15 ms longer to draw it)

    A name the template does not know is an error (``StrictUndefined``), not a blank.

``certificate.css``
    The stylesheet; read by this module and handed to WeasyPrint. Use ``@page`` for the paper
    size (A4 landscape) and fonts installed on the server (``"DejaVu Serif", serif``). Lay it
    out with block flow, tables and absolute positions, not flex boxes or ``columns:``, which
    WeasyPrint lays out many times over (see certificates/README.md).

Nothing else is loaded. WeasyPrint's URL fetcher refuses every URL that is not a ``data:`` URI,
so neither a design nor a holder's name can make the server read a local file (``file:``) or fetch
a remote one (``http:``, ``https:``): such images, fonts and stylesheets are simply left out.
Put any image in the design as a ``data:`` URI.

WeasyPrint needs Pango from the system (Debian: ``libpango-1.0-0 libpangoft2-1.0-0
libharfbuzz-subset0``, fonts from ``fonts-dejavu-core``). It is imported only when a certificate
is rendered, so the rest of the app runs where those packages are missing.
"""

from __future__ import annotations

import atexit
import dataclasses
import functools
import hashlib
import logging
import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import segno
from jinja2 import FileSystemLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from lms.ukdates import uk_date

logger = logging.getLogger(__name__)

TEMPLATE_NAME = "certificate.html"
STYLESHEET_NAME = "certificate.css"
DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core"

# Not calendar.month_name: that follows the server's locale.


class PdfUnavailable(RuntimeError):
    """WeasyPrint, or the system libraries it needs, cannot be loaded on this machine."""


@dataclass(frozen=True)
class CertificateData:
    """Everything printed on a certificate, as plain values (never ORM objects)."""

    holder_name: str
    certificate_title: str
    competences: list[str]
    issued_on: date
    valid_until: date
    scheme_name: str
    issuer_name: str
    number: str
    verify_url: str


def _qr(url: str) -> segno.QRCode:
    """A QR code (error correction Q, survives a crease or a smudge) for ``url``."""
    return segno.make(url, error="q", micro=False, boost_error=False)


def _svg(qr: segno.QRCode) -> str:
    return qr.svg_data_uri(scale=4, border=4, dark="#000", light="#fff", omitsize=True)


def qr_svg_data_uri(url: str) -> str:
    """The QR code for ``url`` as an SVG ``data:`` URI (for web pages)."""
    return _svg(_qr(url))


def _png(qr: segno.QRCode) -> str:
    """One pixel a module: shown with ``image-rendering: pixelated`` it prints as sharp as the
    SVG, and WeasyPrint places an image in a fraction of the time it takes to draw the path."""
    return qr.png_data_uri(scale=1, border=4, dark="#000", light="#fff")


def template_context(data: CertificateData) -> dict[str, Any]:
    """The plain values a design's template may use (see the module docstring)."""
    context = dataclasses.asdict(data)
    context["competences"] = [str(label) for label in data.competences]
    context["issued_on"] = uk_date(data.issued_on)
    context["valid_until"] = uk_date(data.valid_until)
    qr = _qr(data.verify_url)  # made once (choosing its mask is most of the time), given twice
    context["qr_svg_data_uri"] = _svg(qr)
    context["qr_png_data_uri"] = _png(qr)
    return context


@functools.lru_cache(maxsize=32)
def _environment(design_dir: str) -> SandboxedEnvironment:
    """The sandbox for one design folder, kept so that its templates are compiled once.

    auto_reload checks each template file's modification time when it is used, so an edited
    design is picked up without a restart. Jinja environments may be shared between threads.
    """
    return SandboxedEnvironment(
        loader=FileSystemLoader(design_dir),
        autoescape=True,
        undefined=StrictUndefined,
        auto_reload=True,
    )


def render_html(design_dir: Path, data: CertificateData) -> str:
    """The design's template filled in, in a sandbox, with autoescaping on."""
    env = _environment(str(Path(design_dir).resolve()))
    return env.get_template(TEMPLATE_NAME).render(template_context(data))


def _weasyprint() -> Any:
    """The weasyprint module, imported now; ``PdfUnavailable`` if it or Pango cannot be loaded."""
    try:
        import weasyprint
        import weasyprint.urls
    except (ImportError, OSError) as error:
        raise PdfUnavailable(
            "Cannot make certificate PDFs: WeasyPrint could not be loaded "
            f"({error}). On Debian or Ubuntu install: apt-get install {DEBIAN_PACKAGES}"
        ) from error
    return weasyprint


def data_only_url_fetcher() -> Any:
    """A WeasyPrint URL fetcher that serves ``data:`` URIs and refuses every other URL."""
    base = _weasyprint().urls.URLFetcher

    class DataOnlyURLFetcher(base):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url[:5].lower() != "data:":
                logger.warning("Certificate design asked for %.200s: refused", url)
                raise ValueError(f"only data: URIs may be used in a certificate: {url[:200]}")
            return super().fetch(url, headers)

    # allowed_protocols is WeasyPrint's own guard, kept as a second lock behind fetch().
    return DataOnlyURLFetcher(allowed_protocols=("data",), allow_redirects=False, timeout=1)


class _Renderer(threading.local):
    """What each thread keeps between renders: WeasyPrint's font configuration and the parsed
    stylesheets.

    A FontConfiguration holds a Pango font map and caches filled in while rendering (its
    fonts, once loaded, make the next render faster), so it is kept per thread, never shared.
    A stylesheet is parsed with the thread's font configuration (its ``@font-face`` rules are
    added to it), and parsed again when the file's modification time or size changes.
    """

    def __init__(self) -> None:
        self.font_config: Any = None
        self.stylesheets: dict[str, tuple[tuple[int, int], Any]] = {}

    def fonts(self) -> Any:
        if self.font_config is None:
            from weasyprint.text.fonts import FontConfiguration

            self.font_config = FontConfiguration()
        return self.font_config

    def stylesheet(self, weasyprint: Any, path: Path, fetcher: Any) -> Any:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
        found = self.stylesheets.get(str(path))
        if found is not None and found[0] == stamp:
            return found[1]
        css = weasyprint.CSS(
            string=path.read_text(encoding="utf-8"),
            url_fetcher=fetcher,
            font_config=self.fonts(),
        )
        if len(self.stylesheets) >= 32:
            self.stylesheets.clear()
        self.stylesheets[str(path)] = (stamp, css)
        return css

    def forget(self) -> None:
        self.font_config = None
        self.stylesheets.clear()


_renderer = _Renderer()
# Let this thread's font configuration go while the interpreter still runs: its clean-up
# removes a temporary folder, which fails once modules are being torn down.
atexit.register(_renderer.forget)


def render_certificate(design_dir: Path, data: CertificateData) -> bytes:
    """The certificate as PDF bytes, rendered from ``design_dir`` (see the module docstring).

    Raises ``PdfUnavailable`` when WeasyPrint or Pango cannot be loaded, and Jinja's
    ``SecurityError`` or another ``TemplateError`` when the design's template is unsafe or broken.
    """
    weasyprint = _weasyprint()
    design_dir = Path(design_dir)
    html = render_html(design_dir, data)
    fetcher = data_only_url_fetcher()
    # No base_url: a relative URL stays unresolved instead of pointing into the server's disk.
    document = weasyprint.HTML(string=html, url_fetcher=fetcher)
    stylesheet = _renderer.stylesheet(weasyprint, design_dir.resolve() / STYLESHEET_NAME, fetcher)
    rendered = document.render(stylesheets=[stylesheet], font_config=_renderer.fonts())
    if len(rendered.pages) > 1:
        # Still a complete certificate, but the design needs a look (a long name or list).
        logger.warning(
            "Certificate %s ran to %d pages with design %s",
            data.number,
            len(rendered.pages),
            design_dir,
        )
    return rendered.write_pdf()


def placeholder_certificate(data: CertificateData) -> bytes:
    """A one-page PDF naming only the certificate's number, made without WeasyPrint.

    For demo data in tests, where rendering a dozen real certificates would take most of the
    time; it is stored and hashed exactly as a rendered one is.
    """
    text = f"Demo certificate {data.number}".encode("ascii", "replace")
    text = text.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    stream = b"BT /F1 24 Tf 72 500 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def sha256_hex(data: bytes) -> str:
    """The SHA-256 of ``data`` as 64 lower-case hex digits (stored with each issued PDF)."""
    return hashlib.sha256(data).hexdigest()
