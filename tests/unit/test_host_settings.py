"""BASE_URL, TRUSTED_HOSTS and TRUSTED_PROXIES: defaults, parsing, and `make run` following PORT."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from lms.config import ConfigError, load_config

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("BASE_URL", "TRUSTED_HOSTS", "TRUSTED_PROXIES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("AUDIT_KEY", "a" * 40)


def test_trusted_hosts_default_to_base_urls_host(monkeypatch):
    """In production only BASE_URL's host (without its port) is trusted by default."""
    monkeypatch.setenv("LMS_ENV", "production")
    monkeypatch.setenv("BASE_URL", "https://mentors.example.org:8443/lms/")
    config = load_config()
    assert config["TRUSTED_HOSTS"] == ["mentors.example.org"]
    assert config["BASE_URL"] == "https://mentors.example.org:8443/lms"


def test_development_also_trusts_the_loopback_names(monkeypatch):
    """`make run` answers on localhost and 127.0.0.1 as well as BASE_URL's host."""
    monkeypatch.setenv("LMS_ENV", "development")
    monkeypatch.setenv("BASE_URL", "http://devbox.local:5101")
    assert load_config()["TRUSTED_HOSTS"] == ["devbox.local", "localhost", "127.0.0.1"]


def test_trusted_hosts_and_proxies_come_from_the_environment(monkeypatch):
    """TRUSTED_HOSTS is a comma-separated list; TRUSTED_PROXIES a count that is never negative."""
    monkeypatch.setenv("LMS_ENV", "production")
    monkeypatch.setenv("TRUSTED_HOSTS", " mentors.example.org, .mentors.example.org ,")
    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    config = load_config()
    assert config["TRUSTED_HOSTS"] == ["mentors.example.org", ".mentors.example.org"]
    assert config["TRUSTED_PROXIES"] == 1
    monkeypatch.setenv("TRUSTED_PROXIES", "-1")
    with pytest.raises(ConfigError, match="TRUSTED_PROXIES"):
        load_config()


@pytest.mark.parametrize("bad", ["mentors.example.org", "ftp://mentors.example.org", "https://"])
def test_base_url_must_be_a_full_web_address(monkeypatch, bad):
    """A BASE_URL no link could be built from stops the app at start, saying why."""
    monkeypatch.setenv("LMS_ENV", "production")
    monkeypatch.setenv("BASE_URL", bad)
    with pytest.raises(ConfigError, match="BASE_URL must be the site's public address"):
        load_config()


@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_run_passes_a_base_url_that_follows_the_port():
    """`PORT=5101 make run` serves, prints and mails links at :5101 (seed-demo's too)."""
    plan = subprocess.run(
        ["make", "-n", "run", "PORT=5101"],  # noqa: S607 - make from PATH, a dry run
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout
    assert "Serving on http://127.0.0.1:5101" in plan
    (seed,) = [line for line in plan.splitlines() if "seed-demo" in line]
    assert "BASE_URL='http://127.0.0.1:5101'" in seed
    # The web server and the job worker share one shell that exports BASE_URL for both.
    (export,) = [line for line in plan.splitlines() if line.startswith("export LMS_ENV")]
    assert "BASE_URL='http://127.0.0.1:5101'" in export
    assert "run --host 127.0.0.1 --port 5101" in plan
