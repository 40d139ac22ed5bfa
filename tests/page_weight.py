"""Page weight: the bytes a first visit to a page transfers, and anything it loads from elsewhere.

``weigh(client, url)`` fetches a page as a browser on its first visit would: the HTML, then
every resource the page references (stylesheets, icons, scripts, images, what the CSS pulls in
through ``url()`` and ``@import``, the modules a module script imports, and /favicon.ico when
the page names no icon), each asked for with ``Accept-Encoding: gzip`` (what every browser
takes; brotli is lighter still), counting each response's status line, headers and body as sent.
Each static file is fetched once per test run. A resource on another host is never fetched,
only reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

# What every browser accepts, the least a phone's browser does: figures are upper bounds.
ACCEPT_ENCODING = "gzip"
LIMIT_BYTES = 100 * 1024

_CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(['"])([^'"]+)\1""", re.IGNORECASE)
_JS_IMPORT = re.compile(
    r"""(?:^|[;\s}])(?:import|export)\s*(?:[\w*{}\s,]*?\s*from\s*)?(['"])([^'"\s]+)\1"""
    r"""|import\(\s*(['"])([^'"\s]+)\3\s*\)""",
    re.MULTILINE,
)
_LINK_RELS = {"stylesheet", "icon", "shortcut", "apple-touch-icon", "preload", "modulepreload"}
_LINK_RELS |= {"manifest", "mask-icon", "prefetch"}
_SRC_TAGS = {"script", "img", "iframe", "embed", "source", "audio", "video", "track", "input"}


@dataclass
class Weight:
    """One page's first visit: bytes per URL (the page first) and references to other hosts."""

    page: str
    sizes: dict[str, int] = field(default_factory=dict)
    foreign: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.sizes.values())

    def biggest(self, count: int = 4) -> str:
        ranked = sorted(self.sizes.items(), key=lambda item: -item[1])[:count]
        return ", ".join(f"{url} {size / 1024:.1f} KB" for url, size in ranked)


class _References(HTMLParser):
    """Collects the URLs an HTML page makes a browser load (not the links it offers)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (url, kind: css, js, module or other)
        self._in_style = False
        self.has_icon = False  # without one a browser asks for /favicon.ico

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "link":
            rels = set(values.get("rel", "").lower().split())
            self.has_icon = self.has_icon or "icon" in rels
            if rels & _LINK_RELS and values.get("href"):
                kind = (
                    "css" if "stylesheet" in rels else "module" if "modulepreload" in rels else ""
                )
                self.found.append((values["href"], kind or "other"))
        elif tag in _SRC_TAGS and values.get("src"):
            module = tag == "script" and values.get("type", "").lower() == "module"
            kind = "module" if module else "js" if tag == "script" else "other"
            self.found.append((values["src"], kind))
        for name in ("srcset", "imagesrcset"):
            for candidate in values.get(name, "").split(","):
                if candidate.strip():
                    self.found.append((candidate.split()[0], "other"))
        if values.get("poster"):
            self.found.append((values["poster"], "other"))
        if tag == "object" and values.get("data"):
            self.found.append((values["data"], "other"))
        self.found += [(url, "other") for url in css_references(values.get("style", ""))]
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += [(url, "other") for url in css_references(data)]


def css_references(css: str) -> list[str]:
    """The URLs a stylesheet loads (``url()`` and ``@import``), data URIs left out."""
    urls = [match.group(2) for match in _CSS_URL.finditer(css)]
    urls += [match.group(2) for match in _CSS_IMPORT.finditer(css)]
    return [url.strip() for url in urls if url.strip() and not url.startswith("data:")]


def js_references(js: str) -> list[str]:
    """The modules an ES module imports, statically or with a literal ``import()``."""
    return [match.group(2) or match.group(4) for match in _JS_IMPORT.finditer(js)]


def html_references(html: str) -> list[tuple[str, str]]:
    """(url, kind) of each file the page loads; a page naming no icon also costs /favicon.ico."""
    parser = _References()
    parser.feed(html)
    parser.close()
    found = [(url, kind) for url, kind in parser.found if not url.startswith(("data:", "blob:"))]
    return found if parser.has_icon else [*found, ("/favicon.ico", "favicon")]


def transferred(response) -> int:
    """Bytes on the wire for one HTTP/1.1 response: status line, headers and body as sent."""
    head = len(f"HTTP/1.1 {response.status}\r\n") + 2
    head += sum(len(f"{name}: {value}\r\n") for name, value in response.headers.items())
    return head + len(response.get_data())


# Static files are the same for every page and role: fetched once per test run.
_resource_cache: dict[str, tuple[int, list[tuple[str, str]]]] = {}


def _fetch_resource(client, url: str, kind: str) -> tuple[int, list[tuple[str, str]]] | None:
    """(bytes transferred, what it references in turn), or None when the app has no such file."""
    if url in _resource_cache:
        return _resource_cache[url]
    response = client.get(url, headers={"Accept-Encoding": ACCEPT_ENCODING})
    try:
        if response.status_code != 200 and kind != "favicon":  # a missing favicon costs its 404
            return None
        size = transferred(response)
        text = _decoded(response)
    finally:
        response.close()
    mimetype = response.mimetype or ""
    children: list[tuple[str, str]] = []
    if kind == "css" or mimetype == "text/css":
        children = [
            (ref, "css" if ref.endswith(".css") else "other") for ref in css_references(text)
        ]
    elif kind == "module":
        children = [(ref, "module") for ref in js_references(text)]
    _resource_cache[url] = (size, children)
    return size, children


def _decoded(response) -> str:
    body = response.get_data()
    encoding = response.headers.get("Content-Encoding", "")
    if encoding == "gzip":
        import gzip

        body = gzip.decompress(body)
    elif encoding:
        raise AssertionError(f"asked for {ACCEPT_ENCODING} only, got {encoding}")
    return body.decode("utf-8", errors="replace")


def weigh(client, url: str, base_url: str, page_response=None) -> Weight:
    """Fetch a page (unless given its response) and everything it loads; report the bytes."""
    response = page_response or client.get(url, headers={"Accept-Encoding": ACCEPT_ENCODING})
    weight = Weight(page=url)
    weight.sizes[url] = transferred(response)
    page_html = _decoded(response)
    response.close()
    home = urlsplit(base_url).netloc
    queue = [(urljoin(f"{base_url}{url}", ref), kind) for ref, kind in html_references(page_html)]
    while queue:
        absolute, kind = queue.pop(0)
        absolute = urldefrag(absolute).url
        parts = urlsplit(absolute)
        if parts.netloc != home or parts.scheme not in ("http", "https"):
            weight.foreign.append(absolute)
            continue
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if local in weight.sizes:
            continue
        fetched = _fetch_resource(client, local, kind)
        if fetched is None:
            weight.missing.append(local)
            continue
        weight.sizes[local], children = fetched
        queue += [(urljoin(absolute, ref), child_kind) for ref, child_kind in children]
    return weight
