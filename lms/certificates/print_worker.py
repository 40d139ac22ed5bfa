"""The certificate printer's own process: ``python -m lms.certificates.print_worker`` renders and
signs certificate PDFs that ``lms.certificates.printer`` sends it, one at a time.

It imports only what printing needs (WeasyPrint, pyHanko, Jinja, segno and the few ``lms``
modules around them, never Flask, SQLAlchemy or the app), so the process that makes PDFs stays
small, and the app server never loads WeasyPrint. Jobs arrive on stdin and answers leave on
stdout, each a pickled message framed by ``multiprocessing.connection``; anything a library
prints goes to stderr, the server's log, never into an answer.

A job is ``("print", design_dir, data, config)``: the answer ``("ok", pdf_bytes)`` or
``("error", exception)``. ``("memory",)`` answers ``("ok", {"VmRSS": MiB, "VmHWM": MiB})``, this
process's resident memory now and at its peak, for the bench and the tests.
"""

from __future__ import annotations

import gc
import logging
import os
import signal
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any


def memory_mib() -> dict[str, float]:
    """This process's resident memory now (VmRSS) and at its peak (VmHWM), in MiB, from Linux's
    /proc/self/status. Not getrusage's ru_maxrss: a child started with fork or vfork carries its
    parent's peak across exec, so a small process started by a big one reports the big one's."""
    found = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                found[key] = int(value.split()[0]) / 1024
    return found


def answer(job: tuple) -> tuple[str, Any]:
    """What to send back for ``job``; an exception is sent back to be raised by the app."""
    from lms.certificates.signing import render_signed

    kind = job[0]
    try:
        if kind == "print":
            _, design_dir, data, config = job
            return "ok", render_signed(Path(design_dir), data, config)
        if kind == "memory":
            return "ok", memory_mib()
        if kind == "modules":  # for the tests: what a print loaded
            return "ok", sorted({name.partition(".")[0] for name in sys.modules})
        raise ValueError(f"The certificate printer does not know the job {kind!r}.")
    except Exception as exc:  # the app raises it again, where the request is
        from lms.certificates.pdf import PdfUnavailable
        from lms.domain import DomainError

        expected = isinstance(exc, DomainError | PdfUnavailable)  # already said, or said so
        log = logging.getLogger(__name__)
        (log.debug if expected else log.exception)("Print job %s failed", kind)
        return "error", exc


def _sendable(message: tuple[str, Any]) -> tuple[str, Any]:
    """``message`` as the app can unpickle it: an exception that cannot be (one whose ``__init__``
    wants more than its message, say) becomes a RuntimeError with the same words."""
    import pickle
    from multiprocessing.reduction import ForkingPickler  # what Connection.send pickles with

    try:
        pickle.loads(ForkingPickler.dumps(message))  # noqa: S301 (our own message, just pickled)
    except Exception:
        return "error", RuntimeError(f"{type(message[1]).__name__}: {message[1]}")
    return message


def main() -> int:
    # Ctrl-C reaches the whole process group, and a service manager's stop signal the whole
    # service: the app decides, and this process ends when the app closes its end of the jobs
    # pipe (below), never halfway through a certificate.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    jobs = Connection(os.dup(0), writable=False)
    answers = Connection(os.dup(1), readable=False)
    os.dup2(2, 1)  # a library's print() lands in the log, never in an answer
    sys.stdout = sys.stderr
    level = os.environ.get("LOG_LEVEL", "WARNING").upper()
    level = level if isinstance(logging.getLevelName(level), int) else "WARNING"
    logging.basicConfig(
        stream=sys.stderr, level=level, format="%(levelname)s [printer] %(name)s: %(message)s"
    )
    # The collector runs between jobs, while the app stores what it was sent, not during a
    # render (a few ms of each). What lives on (the imports, and the fonts and parsed designs
    # the first job loads) is frozen out of its passes: 3 ms a collection instead of 50.
    gc.disable()
    frozen = False
    while True:
        try:
            job = jobs.recv()
        except EOFError:  # the app closed its end: it is shutting down or has gone
            return 0
        sent = _sendable(answer(job))
        answers.send(sent)
        gc.collect()
        if not frozen and job[0] == "print" and sent[0] == "ok":
            gc.freeze()
            frozen = True


if __name__ == "__main__":
    sys.exit(main())
