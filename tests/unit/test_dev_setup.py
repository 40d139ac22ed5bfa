"""The development set-up: make writes .env so flask commands run in development after
`make run`, and without it (or in production) the app still refuses to start without a secret."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lms import create_app
from lms.config import ConfigError
from tests.security.servers import need

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ("LMS_ENV", "SECRET_KEY", "AUDIT_KEY", "DATABASE_URL", "JOBS_URL", "BASE_URL")


def _bare_env(**more: str) -> dict[str, str]:
    """The environment of someone who has set nothing, plus ``more``."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS and not k.startswith("FLASK")}
    return {**env, **more}


def _content_check(cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "lms", "content", "check"],
        cwd=cwd,
        env=_bare_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_create_app_refuses_to_start_without_a_secret_when_lms_env_is_unset(monkeypatch):
    """LMS_ENV unset means production: no SECRET_KEY, no app."""
    for name in ("LMS_ENV", "SECRET_KEY"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY is not set"):
        create_app()


def test_make_writes_a_development_env_once_and_the_cli_then_runs(tmp_path):
    """`make .env` (run by make migrate, seed and run) writes LMS_ENV=development when no .env
    exists and says so; flask commands then run in development, and a second run keeps it."""
    need("make", "make")  # skipped without make on a developer machine, a failure in CI
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    refused = _content_check(tmp_path)
    assert refused.returncode != 0
    assert "SECRET_KEY is not set" in refused.stderr

    made = subprocess.run(
        ["make", ".env"],  # noqa: S607 - make from PATH
        cwd=tmp_path,
        env=_bare_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Wrote .env (LMS_ENV=development)" in made.stdout
    assert "LMS_ENV=development" in (tmp_path / ".env").read_text().splitlines()
    checked = _content_check(tmp_path)
    assert checked.returncode == 0, checked.stderr

    (tmp_path / ".env").write_text("LMS_ENV=development\n# mine\n")
    subprocess.run(["make", ".env"], cwd=tmp_path, env=_bare_env(), check=True)  # noqa: S607
    assert (tmp_path / ".env").read_text().endswith("# mine\n"), "an existing .env is kept"


def test_make_writes_no_env_when_lms_env_names_production(tmp_path):
    """Run with LMS_ENV=production, make never writes a development .env."""
    need("make", "make")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    subprocess.run(
        ["make", ".env"],  # noqa: S607 - make from PATH
        cwd=tmp_path,
        env=_bare_env(LMS_ENV="production"),
        capture_output=True,
        check=True,
    )
    assert not (tmp_path / ".env").exists()


def test_make_migrate_seed_and_run_set_up_the_development_env():
    """The .env step is part of make migrate (so of seed and run), not of install or test."""
    makefile = (ROOT / "Makefile").read_text()
    assert "migrate: install .env" in makefile.splitlines()
