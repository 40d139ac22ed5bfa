"""Small helpers shared by every feature's forms."""

from __future__ import annotations

from collections.abc import Iterable

from wtforms import SelectChoice
from wtforms.validators import StopValidation

from lms.accounts import text


def choices(pairs: Iterable[tuple[object, str]]) -> list[SelectChoice]:
    """WTForms choices from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


class PlainName:
    """A name with something visible in it and no invisible or control characters."""

    def __init__(self, what: str = "name") -> None:
        self.what = what

    def __call__(self, form, field) -> None:
        problem = text.name_problem(field.data, self.what)
        if problem:
            raise StopValidation(problem)


class PlainEmail:
    """An email address without spaces, invisible or control characters (empty is left to
    InputRequired or Optional)."""

    def __call__(self, form, field) -> None:
        if not field.data:
            return
        problem = text.email_problem(field.data)
        if problem:
            raise StopValidation(problem)


class PlainText:
    """Free text (a reference, an area, a list) without control, zero-width or text-direction
    characters; ``multi_line`` keeps line breaks and tabs. The records layer checks the same."""

    def __init__(self, what: str, multi_line: bool = False) -> None:
        self.what = what
        self.multi_line = multi_line

    def __call__(self, form, field) -> None:
        problem = text.hidden_problem(field.data or "", self.what, self.multi_line)
        if problem:
            raise StopValidation(problem)
