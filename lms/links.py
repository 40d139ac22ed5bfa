"""Absolute links to the public site, built from the BASE_URL setting and never the request.

Emails, QR codes and API answers leave the site, so the address in them must be the one the
scheme publishes, whatever ``Host`` a request named (a stranger could send ``evil.example``).
Building from the setting also works where there is no request at all: commands and workers.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import current_app
from werkzeug.routing import MapAdapter


def site_adapter() -> MapAdapter:
    """A URL builder bound to BASE_URL's scheme, host and path, with no request needed."""
    base = urlsplit(base_url())
    return current_app.url_map.bind(
        base.netloc, script_name=base.path or "/", url_scheme=base.scheme or "https"
    )


def base_url() -> str:
    """The public address of the site, without a trailing slash (the BASE_URL setting)."""
    return current_app.config["BASE_URL"].rstrip("/")


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute address of ``endpoint`` on the public site, like ``url_for(_external=True)``.

    The scheme, host, port and path prefix all come from BASE_URL.
    """
    current_app.inject_url_defaults(endpoint, values)
    return site_adapter().build(endpoint, values, force_external=True)
