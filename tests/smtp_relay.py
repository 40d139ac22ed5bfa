"""A real SMTP server for tests (aiosmtpd), and fixtures for a mail server that is up or down."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A local port nobody listens on (so connecting to it is refused at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Relay:
    """Records every message it accepts; ``accept`` limits how many more it takes (then 451)."""

    def __init__(self) -> None:
        self.received: list[Message] = []
        self.accept: int | None = None
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            if self.accept is not None:
                if self.accept <= 0:
                    return "451 4.3.0 Try again later"
                self.accept -= 1
            self.received.append(message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    @property
    def subjects(self) -> list[str]:
        return [str(m["Subject"]) for m in self.received]

    def wait_for(self, count: int, seconds: float = 20) -> list[Message]:
        """Wait until ``count`` messages have arrived (for a worker in another process)."""
        deadline = time.monotonic() + seconds
        while len(self.received) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        return self.received


class RelayServer:
    """An aiosmtpd server on ``port``, started and stopped on demand (the mail server's outage)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.relay = Relay()
        self._controller: Controller | None = None

    def start(self) -> Relay:
        self._controller = Controller(self.relay, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self.relay

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def smtp_settings(port: int) -> dict[str, object]:
    return {
        "MAIL_BACKEND": "smtp",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_TIMEOUT": 5,
    }


def mail_server_on_free_port() -> Iterator[RelayServer]:
    """A mail server's port, down until ``.start()``, stopped afterwards (for a fixture)."""
    server = RelayServer(free_port())
    yield server
    server.stop()
