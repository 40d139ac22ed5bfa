"""Real servers for the proxy tests: gunicorn with deploy/gunicorn.conf.py, nginx with
deploy/nginx.conf (only its ports and paths changed), and an HTTP client bound to a chosen
loopback address, so nginx sees each test client as a different machine."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.tools import missing

ROOT = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")
SITE = "mentors.example.org"  # the host name deploy/nginx.conf serves
SECRET = "proxy-tests-secret-for-these-tests-only"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def need(binary: Path | str, package: str) -> str:
    """The path of ``binary``; skipped without it on a developer machine, a failure in CI."""
    found = shutil.which(str(binary))
    if found:
        return found
    message = f"{binary} is missing: apt-get install {package}"
    missing(message)


def tls_context() -> ssl.SSLContext:
    """TLS without checking the test's self-signed certificate."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


class SiteHTTPS(http.client.HTTPSConnection):
    """HTTPS to 127.0.0.1 that names the site in SNI, as a browser reaching it by name would."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, context=tls_context(), **kwargs)

    def connect(self) -> None:
        http.client.HTTPConnection.connect(self)
        self.sock = self._context.wrap_socket(self.sock, server_hostname=SITE)


@dataclass
class Answer:
    status: int
    body: str
    headers: http.client.HTTPMessage


@dataclass
class Client:
    """One visitor from one source address, with its own cookies."""

    port: int
    source: str = "127.0.0.1"
    tls: bool = False
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict | None = None
    ) -> Answer:
        kind = SiteHTTPS if self.tls else http.client.HTTPConnection
        conn = kind("127.0.0.1", self.port, timeout=10, source_address=(self.source, 0))
        sent = {"Host": SITE, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            # A browser posting a form of the site names the page it came from.
            sent.setdefault("Referer", f"{'https' if self.tls else 'http'}://{SITE}{path}")
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return Answer(response.status, text, response.headers)

    def csrf_token(self, path: str = "/sign-in") -> str:
        page = self.request("GET", path)
        assert page.status == 200, page.body[:500]
        return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.body).group(1)


def wait_until_up(client: Client, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server stopped:\n{log.read_text()}")
        try:
            if client.request("GET", "/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    pytest.fail(f"the server did not start:\n{log.read_text()}")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Gunicorn:
    """gunicorn -c deploy/gunicorn.conf.py on a free port, with ``settings`` in its env."""

    def __init__(self, tmp: Path, database_url: str, **settings: str) -> None:
        self.port = free_port()
        self.log = tmp / "gunicorn.log"
        env = {
            **os.environ,
            "LMS_ENV": "production",
            "SECRET_KEY": SECRET,
            "AUDIT_KEY": "audit-key-for-the-proxy-tests-only-0123456789",
            "DATABASE_URL": database_url,
            "BASE_URL": f"https://{SITE}",
            "MAIL_BACKEND": "dummy",
            "SESSION_COOKIE_SECURE": "1",
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "WEB_CONCURRENCY": "1",
            **settings,
        }
        for name in ("FLASK_DEBUG", "TRUSTED_HOSTS", "GUNICORN_CMD_ARGS"):
            env.pop(name, None)
        with self.log.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "deploy/gunicorn.conf.py")],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        wait_until_up(Client(self.port), self.process, self.log)

    def stop(self) -> None:
        stop(self.process)


def _certificate(tmp: Path) -> tuple[Path, Path]:
    openssl = need("openssl", "openssl")
    cert, key = tmp / "cert.pem", tmp / "key.pem"
    command = [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
    command += ["-subj", f"/CN={SITE}", "-keyout", str(key), "-out", str(cert)]
    subprocess.run(  # noqa: S603 - a fixed command line
        command,
        check=True,
        capture_output=True,
    )
    return cert, key


def site_config(upstream: int, http_port: int, https_port: int, tmp: Path) -> str:
    """deploy/nginx.conf with only its ports and file paths changed for this test."""
    cert, key = _certificate(tmp)
    text = (ROOT / "deploy/nginx.conf").read_text()
    replacements = [
        (r"server 127\.0\.0\.1:8000;", f"server 127.0.0.1:{upstream};"),
        (r"listen 80\b", f"listen 127.0.0.1:{http_port}"),
        (r"listen 443\b", f"listen 127.0.0.1:{https_port}"),
        (r"ssl_certificate \s*\S+;", f"ssl_certificate {cert};"),
        (r"ssl_certificate_key \S+;", f"ssl_certificate_key {key};"),
        (r"/var/log/nginx/", f"{tmp}/"),
    ]
    for pattern, replacement in replacements:
        text, count = re.subn(pattern, replacement, text)
        assert count, f"deploy/nginx.conf no longer has {pattern!r}"
    return text


class Nginx:
    """nginx (daemon off, its own prefix) serving deploy/nginx.conf in front of ``upstream``."""

    def __init__(self, tmp: Path, upstream: int) -> None:
        binary = need(NGINX, "nginx-light")
        self.http_port, self.port = free_port(), free_port()
        prefix = tmp / "nginx"
        (prefix / "logs").mkdir(parents=True)
        (prefix / "site.conf").write_text(site_config(upstream, self.http_port, self.port, prefix))
        temp = "".join(
            f"{kind}_temp_path {prefix}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        user = "user root;\n" if os.geteuid() == 0 else ""  # workers must read the temp dir
        (prefix / "nginx.conf").write_text(
            f"{user}daemon off;\nworker_processes 1;\npid {prefix}/nginx.pid;\n"
            f"error_log {prefix}/logs/error.log info;\nevents {{ worker_connections 256; }}\n"
            f"http {{\n{temp}include {prefix}/site.conf;\n}}\n"
        )
        self.log = prefix / "logs/error.log"
        with (prefix / "logs/stderr.log").open("w") as stderr:
            self.process = subprocess.Popen(  # noqa: S603 - the system nginx, our config
                [binary, "-p", str(prefix), "-c", str(prefix / "nginx.conf")],
                stdout=subprocess.DEVNULL,
                stderr=stderr,
            )
        wait_until_up(Client(self.port, tls=True), self.process, prefix / "logs/stderr.log")

    def stop(self) -> None:
        stop(self.process)
