"""A PostgreSQL cluster of a test's own, in a temporary directory, that the test may stop and start.

Tests that take the database away (a restart under load) must not touch the shared server. The
cluster is made by ``initdb`` from Debian's /usr/lib/postgresql/<version>/bin, run as the
``postgres`` OS user when the tests run as root (initdb refuses root), on a free port, with
``fsync=off``. Without those binaries a test using it is skipped on a developer machine and
fails when ``CI`` is set.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest

from tests.tools import missing

HOW_TO_INSTALL = (
    "PostgreSQL's server binaries are not in /usr/lib/postgresql/*/bin (Debian: apt-get install "
    "postgresql). Tests with a cluster of their own run whenever they are there; under CI a "
    "missing binary fails them instead."
)


def server_binaries() -> Path | None:
    """The newest installed PostgreSQL's bin directory, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    return Path(found[-1]).parent if found else None


def _version(path: str) -> int:
    part = Path(path).parent.parent.name
    return int(part) if part.isdigit() else 0


class PrivateCluster:
    """One cluster: ``start()``, ``stop()``, and ``url`` for the ``lms`` database in it."""

    def __init__(self, binaries: Path, root: Path, port: int) -> None:
        self.binaries = binaries
        self.root = root
        self.port = port
        self.data = root / "data"
        self.log = root / "server.log"
        self.url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/lms"

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.binaries / program), *args]
        if os.geteuid() == 0:
            runuser = shutil.which("runuser") or "/usr/sbin/runuser"  # sbin: not on every PATH
            command = [runuser, "-u", "postgres", "--", *command]
        done = subprocess.run(  # noqa: S603 - PostgreSQL's own programs, our arguments
            command, capture_output=True, text=True, timeout=60, check=False
        )
        if done.returncode != 0:
            log = self.log.read_text() if self.log.exists() else ""
            raise RuntimeError(f"{program} failed:\n{done.stdout}{done.stderr}\n{log}")

    def init(self) -> None:
        self._run(
            "initdb",
            *("-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"),
            *("--no-sync", "--no-instructions"),
        )

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def create_database(self) -> None:
        import psycopg

        admin = f"host=127.0.0.1 port={self.port} user=postgres dbname=postgres"
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute("CREATE DATABASE lms")


@pytest.fixture
def private_cluster() -> Iterator[PrivateCluster]:
    """A started cluster with an empty ``lms`` database, removed afterwards."""
    from tests.security.test_sessions_and_throttling import free_port

    binaries = server_binaries()
    if binaries is None:
        missing(HOW_TO_INSTALL)
    root = Path(tempfile.mkdtemp(prefix="lms-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    cluster = PrivateCluster(binaries, root, free_port())
    cluster.init()
    cluster.start()
    try:
        cluster.create_database()
        yield cluster
    finally:
        with suppress(RuntimeError):  # already stopped by the test
            cluster.stop()
        shutil.rmtree(root, ignore_errors=True)
