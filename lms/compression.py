"""Compressed responses: pages, CSS, JS and JSON go out gzip- or brotli-compressed (Flask-Compress).

A first visit (the page, app.css, the JS) then stays well under 100 KB on a phone
(tests/functional/test_page_weight.py). Static files are read whole before compressing, so
they are compressed once per process and kept (keyed on name and modification time); pages
differ for each person and are compressed afresh every time, never kept. Error answers (4xx,
5xx) go out uncompressed (Flask-Compress compresses 2xx only).

Compressing pages that carry a secret beside text a visitor typed invites BREACH (guessing the
secret from compressed sizes). The one secret in a page is the CSRF token, and Flask-WTF signs it
afresh with the time each second: the part that stays the same is no use without the signature.
"""

from __future__ import annotations

import os

from flask import Flask, Response, current_app, request

from lms.extensions import compress

_STATIC = "static:"


class StaticOnlyCache:
    """Flask-Compress's cache backend, holding static files only (a page is never kept)."""

    def __init__(self) -> None:
        self.data: dict[str, bytes] = {}

    def get(self, key: str) -> bytes | None:
        return self.data.get(key) if _is_static(key) else None

    def set(self, key: str, value: bytes) -> None:
        if _is_static(key):
            self.data[key] = value


def _is_static(key: str) -> bool:
    # Flask-Compress's keys are "<algorithm>;<cache_key(request)>".
    return key.partition(";")[2].startswith(_STATIC)


def cache_key(req) -> str:
    """A static file's name and modification time (a changed file is compressed anew); else ""."""
    if req.endpoint != "static" or not req.view_args:
        return ""
    filename = str(req.view_args.get("filename", ""))
    try:
        modified = os.stat(os.path.join(current_app.static_folder or "", filename)).st_mtime_ns
    except OSError:
        return ""
    return f"{_STATIC}{filename}:{modified}"


def _read_static_whole(response: Response) -> Response:
    """A static file is streamed from disk; read it so Flask-Compress compresses (and keeps) it.

    Only whole files (200): a range request's part is left alone, and streams are never
    compressed (``COMPRESS_STREAMS`` is off), so Content-Range always matches the bytes sent.
    """
    if (
        request.endpoint == "static"
        and response.status_code == 200
        and response.direct_passthrough
        and response.mimetype in current_app.config["COMPRESS_MIMETYPES"]
        and request.headers.get("Accept-Encoding")
    ):
        response.direct_passthrough = False
        response.make_sequence()  # closes the file once the response is closed
    return response


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_CACHE_BACKEND", StaticOnlyCache)
    app.config.setdefault("COMPRESS_CACHE_KEY", cache_key)
    compress.init_app(app)
    # After-request functions run last-registered first: this one runs before Flask-Compress's.
    app.after_request(_read_static_whole)
