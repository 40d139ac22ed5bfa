"""Slow clients dripping headers cannot take the site down under the shipped configuration
(deploy/gunicorn.conf.py, and deploy/nginx.conf in front of it)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress

import pytest

from tests.security.servers import SITE, Client, Gunicorn, Nginx, tls_context

DRIP_EVERY = 0.5  # seconds between the bytes each slow client sends
WITHIN = 2.0  # seconds a normal request may take while they hang


@pytest.fixture(scope="module")
def gunicorn(database_url, tmp_path_factory) -> Iterator[Gunicorn]:
    """The app under gunicorn with the shipped settings (one worker: the machine is small)."""
    server = Gunicorn(tmp_path_factory.mktemp("gunicorn"), database_url)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def nginx(gunicorn, tmp_path_factory) -> Iterator[Nginx]:
    server = Nginx(tmp_path_factory.mktemp("nginx"), gunicorn.port)
    yield server
    server.stop()


@contextmanager
def dripping(port: int, count: int, tls: bool) -> Iterator[list[socket.socket]]:
    """``count`` connections from 127.0.0.2 that send a request's headers a byte at a time
    and never finish them."""
    sockets: list[socket.socket] = []
    stop = threading.Event()
    for _ in range(count):
        raw = socket.create_connection(
            ("127.0.0.1", port), timeout=10, source_address=("127.0.0.2", 0)
        )
        sock = tls_context().wrap_socket(raw, server_hostname=SITE) if tls else raw
        sock.sendall(f"GET /healthz HTTP/1.1\r\nHost: {SITE}\r\nX-Slow: ".encode())
        sockets.append(sock)

    def drip() -> None:
        while not stop.wait(DRIP_EVERY):
            for sock in sockets:
                with suppress(OSError):  # the server gave up on it: that is allowed
                    sock.sendall(b"a")

    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    try:
        time.sleep(3 * DRIP_EVERY)  # every connection is now inside its headers
        yield sockets
    finally:
        stop.set()
        dripper.join(timeout=5)
        for sock in sockets:
            sock.close()


def _timed_health(client: Client) -> float:
    started = time.monotonic()
    answer = client.request("GET", "/healthz")
    elapsed = time.monotonic() - started
    assert answer.status == 200, answer.body
    return elapsed


def test_nginx_in_front_keeps_answering_while_twenty_clients_drip_headers(nginx):
    """With 20 dripping connections (more than gunicorn has threads), /healthz through nginx
    answers within 2 s: nginx holds unfinished requests, so none reach the app."""
    visitor = Client(nginx.port, source="127.0.0.3", tls=True)
    with dripping(nginx.port, 20, tls=True):
        timings = [_timed_health(visitor) for _ in range(3)]
        time.sleep(DRIP_EVERY)
        timings.append(_timed_health(visitor))
    assert max(timings) < WITHIN, timings


def test_gunicorn_alone_survives_a_handful_of_dripping_clients(gunicorn):
    """gunicorn with deploy/gunicorn.conf.py and no proxy still answers within 2 s while six
    clients drip headers at it (its threads are not all held)."""
    visitor = Client(gunicorn.port, source="127.0.0.3")
    with dripping(gunicorn.port, 6, tls=False):
        timings = [_timed_health(visitor) for _ in range(3)]
        time.sleep(DRIP_EVERY)
        timings.append(_timed_health(visitor))
    assert max(timings) < WITHIN, timings
