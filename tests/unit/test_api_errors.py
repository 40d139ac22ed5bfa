"""Domain errors carry a stable code, and the API's one table turns every code into a status."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import lms
from lms.api.errors import STATUS_OF_CODE, status_of
from lms.domain import DomainError
from lms.matching import fields as records
from lms.matching.matches import services

LMS = Path(lms.__file__).parent


def _every_domain_error() -> set[type[DomainError]]:
    for module in pkgutil.walk_packages(lms.__path__, "lms."):
        if module.name not in {"lms.worker"}:  # the worker entry point starts a queue
            importlib.import_module(module.name)
    found: set[type[DomainError]] = set()
    todo = [DomainError]
    while todo:
        cls = todo.pop()
        found.add(cls)
        todo.extend(cls.__subclasses__())
    return found


def _match_error_codes() -> set[str]:
    """The codes ``MatchError(message, code)`` is raised with anywhere under lms/matching/."""
    codes = set()
    for path in (LMS / "matching").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name | ast.Attribute)
                and getattr(node.func, "id", getattr(node.func, "attr", "")) == "MatchError"
                and len(node.args) == 2
                and isinstance(node.args[1], ast.Constant)
            ):
                codes.add(node.args[1].value)
    return codes


def test_every_domain_error_class_has_a_code_the_table_names():
    """A new DomainError subclass with a code the API does not map fails here, not in production."""
    classes = _every_domain_error()
    assert services.MatchError in classes  # brought into the family
    missing = {f"{cls.__module__}.{cls.__name__}": cls.code for cls in classes}
    missing = {name: code for name, code in missing.items() if code not in STATUS_OF_CODE}
    assert not missing


def test_every_match_error_code_is_in_the_table():
    """The codes matching raises per error (not per class) are mapped too."""
    codes = _match_error_codes()
    assert {"already_matched", "anonymised", "wrong_status"} <= codes
    assert codes <= set(STATUS_OF_CODE)


def test_codes_are_snake_case():
    """Codes are stable identifiers, never prose."""
    for code in STATUS_OF_CODE:
        assert code.isascii() and code.replace("_", "").isalpha() and code == code.lower()


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (records.AlreadyRecorded("Your scheme already has a mentee with that reference."), 409),
        (records.RecordError("Choose needs from the list", "needs"), 422),
        (services.NotMatchable([]), 409),
        (services.MatchError("Already matched.", "already_matched"), 409),
        (services.MatchError("This mentee's record has been anonymised.", "anonymised"), 409),
    ],
)
def test_the_status_comes_from_the_code(error, status):
    """Taken and already-done answer 409, input that breaks a rule 422."""
    assert status_of(error) == status


def test_the_wording_never_decides():
    """A refusal whose message says "already" or "taken" is still 422 when its code is invalid."""
    assert status_of(records.RecordError("The name is already taken", "reference")) == 422
