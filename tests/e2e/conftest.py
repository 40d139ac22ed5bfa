"""Real-browser fixtures: the app served on a free local port, and Debian's Chromium.

Playwright drives the system Chromium (``apt-get install chromium``); it never downloads a
browser. Without /usr/bin/chromium the browser tests fail when ``CI`` is set and are skipped
otherwise, so a developer machine without Chromium can still run the rest of the suite.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.serving import make_server

from tests.tools import missing

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/e2e drives a browser: mark it so ``-m 'not browser'`` skips it."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session", autouse=True)
def _expect_waits_as_long_as_actions() -> None:
    """``expect(...)`` waits up to TIMEOUT_MS, as actions do, not Playwright's 5 seconds.

    Some states come only after a script's timer (a draft is saved 3 seconds after typing
    stops): 5 seconds leaves too little over on a busy machine. The assertions are the same.
    """
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)


@pytest.fixture
def app_config(app_config: dict) -> dict:
    """The usual test settings, but served for real: no SERVER_NAME, so 127.0.0.1 works."""
    config = dict(app_config)
    config.pop("SERVER_NAME", None)
    config["TRUSTED_HOSTS"] = ["127.0.0.1"]
    config["TESTING"] = True
    return config


def _closed_before_sending(app: Flask):
    """The app's answer read whole and closed before werkzeug's test server sends it.

    When a browser drops a connection mid-answer (navigating on while a 304 for a static file
    goes out), werkzeug's server can skip closing the answer, leaving the file open; the
    ResourceWarning then fails whichever test is running. Reading and closing first leaves
    nothing open whatever the browser does.
    """

    def wsgi(environ, start_response):
        answer = app(environ, start_response)
        try:
            return [b"".join(answer)]
        finally:
            if hasattr(answer, "close"):
                answer.close()

    return wsgi


class LiveServer:
    """The test app served by werkzeug in a thread; ``url("/path")`` gives a full address."""

    def __init__(self, app: Flask) -> None:
        self._server = make_server("127.0.0.1", 0, _closed_before_sending(app), threaded=True)
        self.base_url = f"http://127.0.0.1:{self._server.server_port}"
        app.config["BASE_URL"] = self.base_url  # links in mail point at the port served
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},  # so shutdown() returns quickly
            name="live-server",
            daemon=True,
        )

    def url(self, path: str = "/") -> str:
        return self.base_url + path

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()


@pytest.fixture
def live_server(app: Flask) -> Iterator[LiveServer]:
    """Serve ``app`` (and so this test's database) on 127.0.0.1 and a free port.

    The server handles each request in its own app context and database session, as in
    production; the test's factories commit before the browser asks for anything.
    """
    server = LiveServer(app)
    server.start()
    try:
        yield server
    finally:
        server.stop()


def _no_chromium() -> None:
    message = (
        f"{CHROMIUM} is missing. The browser tests need Debian's Chromium: "
        "sudo apt-get install chromium"
    )
    missing(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for the whole run (sync Playwright API)."""
    if not CHROMIUM.exists():
        _no_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser, live_server: LiveServer) -> Iterator[object]:
    """A page in a fresh browser context (no cookies shared between tests)."""
    context = browser.new_context(base_url=live_server.base_url)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
