"""Certificate PDFs printed in a small process of the printer's own (``print_worker``), so the app
server never loads WeasyPrint and pyHanko and the process that makes PDFs stays small.

Each app process starts its printer when it first prints, keeps it for the next certificates
(fonts and parsed designs stay warm), and stops it when it exits. Issuing waits for the PDF, as
it did when the app rendered it itself: the PDF is stored and hashed in the issuing transaction.
A printer that dies is started again once for the same job; one that takes longer than
``PDF_PRINT_SECONDS`` is stopped, and the person issuing is asked to try again.

``PDF_PRINTER=inline`` renders in the app's own process instead (a one-off script, or a test
that replaces the renderer).
"""

from __future__ import annotations

import atexit
import logging
import os
import subprocess
import sys
import threading
import time
from collections.abc import Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from lms.certificates.errors import CertificateError
from lms.config import ROOT

logger = logging.getLogger(__name__)

PRINTS_PER_PROCESS = 500  # then a fresh printer: whatever a long run of renders keeps is let go
STARTUP_SECONDS = 30  # more time for a job that starts the printer (Python, WeasyPrint, pyHanko)
CONFIG_KEYS = ("BASE_URL", "ENV_NAME", "TESTING")  # and every PDF_ setting
ENVIRONMENT_NAMES = {"PATH", "HOME", "LANG", "TZ", "TMPDIR", "TEMP", "TMP", "LOG_LEVEL"}
ENVIRONMENT_NAMES |= {"VIRTUAL_ENV", "LD_LIBRARY_PATH", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"}
ENVIRONMENT_PREFIXES = ("LC_", "XDG_", "FONTCONFIG", "PYTHON", "SSL_", "HTTP_PROXY", "HTTPS_PROXY")
ENVIRONMENT_PREFIXES += ("NO_PROXY", "ALL_PROXY", "PANGO", "FC_")
TOO_LONG = (
    "The certificate PDF took too long to make. Try again; if it keeps happening, ask the "
    "site's administrator."
)
FAILED = (
    "The certificate PDF could not be made. Try again in a few minutes; if it keeps failing, "
    "ask the site's administrator."
)


class PrinterUnavailable(CertificateError):
    """The printer process could not make the PDF; nothing was issued."""


def printed(design_dir: Path, data, config: Mapping[str, Any]) -> bytes:
    """The certificate ``data`` rendered from ``design_dir`` and signed, as bytes."""
    if config.get("PDF_PRINTER") == "inline":  # checked when the settings are loaded
        from lms.certificates.signing import render_signed

        return render_signed(design_dir, data, config)
    seconds = float(config.get("PDF_PRINT_SECONDS") or 30)
    return _printer.ask(("print", str(Path(design_dir).resolve()), data, settings(config)), seconds)


def settings(config: Mapping[str, Any]) -> dict[str, Any]:
    """The settings printing reads (signing files, timestamp server, the site), nothing else."""
    return {
        key: value
        for key, value in config.items()
        if key in CONFIG_KEYS or (key.startswith("PDF_") and key != "PDF_PRINTER")
    }


def printer_memory() -> dict[str, float]:
    """The printer process's resident memory now and at its peak (MiB), starting it if need be."""
    return _printer.ask(("memory",), 30)


def printer_pid() -> int | None:
    """The running printer's process id, or None before the first print."""
    return _printer.pid()


class Printer:
    """One printer process for this app process, asked one job at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._jobs: Connection | None = None
        self._answers: Connection | None = None
        self._owner = 0  # the app process that started it (not a child forked from it since)
        self._printed = 0

    def pid(self) -> int | None:
        with self._lock:
            running = self._process is not None and self._owner == os.getpid()
            return self._process.pid if running and self._process.poll() is None else None

    def ask(self, job: tuple, seconds: float) -> Any:
        deadline = time.monotonic() + seconds
        if not self._lock.acquire(timeout=seconds):  # the certificates ahead took too long
            raise PrinterUnavailable(TOO_LONG)
        try:
            return self._ask(job, deadline, seconds)
        finally:
            self._lock.release()

    def _ask(self, job: tuple, deadline: float, seconds: float) -> Any:
        for attempt in (1, 2):
            if self._ensure_running():  # a printer just started loads its libraries first
                deadline = max(deadline, time.monotonic() + seconds) + STARTUP_SECONDS
            try:
                self._jobs.send(job)
                if not self._answers.poll(max(0.0, deadline - time.monotonic())):
                    self._stop(kill=True)
                    logger.error("The certificate printer took over %s s: stopped", seconds)
                    raise PrinterUnavailable(TOO_LONG)
                kind, value = self._answers.recv()
            except (EOFError, OSError) as exc:  # it died (or was killed) mid-job
                code = self._stop(kill=True)
                logger.error("The certificate printer stopped (exit %s): %s", code, exc)
                if attempt == 2:
                    raise PrinterUnavailable(FAILED) from exc
                continue
            except BaseException:
                # Interrupted while the printer works (a signal handler, KeyboardInterrupt, a
                # green thread's timeout): its answer is still on its way, and the next job
                # would take it for its own. A fresh printer for the next one instead.
                self._stop(kill=True)
                raise
            self._printed += job[0] == "print"
            if self._printed >= PRINTS_PER_PROCESS:
                self._stop()
            if kind == "error":
                raise value
            return value
        raise AssertionError("unreachable")  # pragma: no cover

    def _ensure_running(self) -> bool:
        """Start the printer unless it is running; True when it was started now."""
        if self._owner == os.getpid() and self._process and self._process.poll() is None:
            return False
        if self._owner != os.getpid():  # never started, or the pipes are a parent's
            self._drop()
        self._stop(kill=True)
        try:
            process = subprocess.Popen(
                [sys.executable, "-P", "-m", "lms.certificates.print_worker"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=None if _has_stderr() else subprocess.DEVNULL,
                env=child_environment(),
                close_fds=True,
            )
        except OSError as exc:
            logger.error("The certificate printer could not be started: %s", exc)
            raise PrinterUnavailable(FAILED) from exc
        self._jobs = Connection(os.dup(process.stdin.fileno()), readable=False)
        self._answers = Connection(os.dup(process.stdout.fileno()), writable=False)
        process.stdin.close()
        process.stdout.close()
        self._process, self._owner, self._printed = process, os.getpid(), 0
        return True

    def _stop(self, kill: bool = False) -> int | None:
        """Close this process's ends (the printer sees the end of its jobs and exits); its exit
        status, when it had one."""
        self._close_ends()
        process, self._process = self._process, None
        if process is None or self._owner != os.getpid():
            return None
        if kill:
            process.kill()
        try:
            return process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            return process.wait()

    def _drop(self) -> None:
        """Let go of a parent's printer without touching it (closing our copies of its pipes)."""
        self._close_ends()
        self._process, self._owner = None, os.getpid()

    def _close_ends(self) -> None:
        for end in (self._jobs, self._answers):
            if end is not None:
                end.close()
        self._jobs = self._answers = None

    def _forget(self) -> None:
        """In a child just forked: a lock of its own (another thread may have held the parent's
        at the fork) and none of the parent's printer."""
        self._lock = threading.Lock()
        self._drop()

    def close(self) -> None:
        with self._lock:
            self._stop()


def _has_stderr() -> bool:
    """Whether this process has a standard error for the printer to share (a server started
    with ``2>&-`` has none; the printer's log then goes nowhere, not into its jobs pipe)."""
    try:
        os.fstat(2)
    except OSError:
        return False
    return True


def child_environment() -> dict[str, str]:
    """The environment the printer runs with: what the system, fonts, Python and a timestamp
    server's proxy need, never the app's secrets (its settings are sent with each job)."""
    env = {
        name: value
        for name, value in os.environ.items()
        if name in ENVIRONMENT_NAMES or name.upper().startswith(ENVIRONMENT_PREFIXES)
    }
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def _after_fork() -> None:
    _printer._forget()  # whichever printer is this module's now


_printer = Printer()
atexit.register(lambda: _printer.close())
os.register_at_fork(after_in_child=_after_fork)
