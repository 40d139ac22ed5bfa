"""Every form class in lms, found by importing each module that mentions a form: for tests that
check a rule on all forms (date fields, plain messages) so a new form cannot slip past them."""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
from pathlib import Path

from flask_wtf import FlaskForm

import lms


def form_classes() -> list[type[FlaskForm]]:
    """Every form class in lms: each module that mentions a form is imported (not those that
    build an app when imported, such as the job worker)."""
    for info in pkgutil.walk_packages(lms.__path__, "lms."):
        spec = importlib.util.find_spec(info.name)
        source = Path(spec.origin).read_text(encoding="utf-8") if spec and spec.origin else ""
        if "Form" in source and "create_app()" not in source:
            importlib.import_module(info.name)
    found, todo = set(), [FlaskForm]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return sorted(
        (c for c in found if c.__module__.startswith("lms.")),
        key=lambda c: (c.__module__, c.__qualname__),
    )
