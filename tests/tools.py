"""A test that needs a tool or service this machine lacks: skip it, or fail it under CI."""

from __future__ import annotations

import os
from typing import NoReturn

import pytest


def in_ci() -> bool:
    """True when ``CI`` is set to anything but empty, ``0`` or ``false`` (``.ci/run`` sets 1)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false")


def missing(message: str) -> NoReturn:
    """Skip the test on a developer's machine; in CI a missing tool is a failure, never a skip."""
    if in_ci():
        pytest.fail(message + " (CI is set, so this is a failure, not a skip)", pytrace=False)
    pytest.skip(
        message + " (skipped here only; it runs wherever the tool is, and CI fails without it)"
    )
