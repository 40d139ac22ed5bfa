"""Compressed responses (lms/compression.py): pages, CSS and JS compressed when the browser
accepts it, the same bytes once unpacked, static files compressed once, pages never kept."""

from __future__ import annotations

import gzip
from pathlib import Path

import brotli
import flask_compress.flask_compress

from lms.extensions import compress
from tests.conftest import sign_in

STATIC = Path(__file__).resolve().parents[2] / "lms" / "static"


def _get(client, path, encoding, **headers):
    response = client.get(path, headers={"Accept-Encoding": encoding, **headers})
    body = response.get_data()
    response.close()
    return response, body


def test_static_css_and_js_are_sent_compressed_and_unpack_to_the_file(client):
    for path, encoding, unpack in (
        ("/static/css/app.css", "gzip", gzip.decompress),
        ("/static/js/govuk-frontend.min.js", "gzip, deflate, br", brotli.decompress),
    ):
        response, body = _get(client, path, encoding)
        expected = (STATIC / path.removeprefix("/static/")).read_bytes()
        assert response.status_code == 200
        assert response.headers["Content-Encoding"] == encoding.split(", ")[-1]
        assert "Accept-Encoding" in response.headers["Vary"]
        assert int(response.headers["Content-Length"]) == len(body) < len(expected) / 3
        assert unpack(body) == expected


def test_a_browser_that_accepts_no_compression_gets_the_file_as_it_is(client):
    response, body = _get(client, "/static/css/app.css", "identity")
    assert "Content-Encoding" not in response.headers
    assert body == (STATIC / "css" / "app.css").read_bytes()


def test_a_static_file_is_compressed_once_and_a_304_follows_its_etag(client, monkeypatch):
    compressed = []
    real = flask_compress.flask_compress._compress_data

    def counting(app, data, algorithm):
        compressed.append((len(data), algorithm))
        return real(app, data, algorithm)

    monkeypatch.setattr(flask_compress.flask_compress, "_compress_data", counting)
    compress.cache.data.clear()
    first, body = _get(client, "/static/css/app.css", "gzip")
    _, body_again = _get(client, "/static/css/app.css", "gzip")
    size = (STATIC / "css" / "app.css").stat().st_size
    assert compressed == [(size, "gzip")]
    assert body_again == body == next(iter(compress.cache.data.values()))
    etag = first.headers["ETag"]
    assert etag.endswith(':gzip"')
    unchanged, empty = _get(client, "/static/css/app.css", "gzip", **{"If-None-Match": etag})
    assert unchanged.status_code == 304 and empty == b""


def test_a_range_of_a_static_file_is_sent_uncompressed(client):
    response, body = _get(client, "/static/css/app.css", "gzip", Range="bytes=0-99")
    assert response.status_code == 206
    assert "Content-Encoding" not in response.headers
    assert body == (STATIC / "css" / "app.css").read_bytes()[:100]


def test_pages_are_compressed_for_each_person_and_never_kept(app, people):
    compress.cache.data.clear()
    seen = {}
    for role in ("trainee", "trainer"):
        client = app.test_client()
        assert sign_in(client, people[role].email).status_code == 302
        response, body = _get(client, "/training/glossary", "gzip")
        assert response.headers["Content-Encoding"] == "gzip"
        seen[role] = gzip.decompress(body).decode()
    assert f"Signed in as {people['trainee'].name}." in seen["trainee"]
    assert f"Signed in as {people['trainer'].name}." in seen["trainer"]
    assert compress.cache.data == {}
