"""Whole numbers typed by users (query strings, form field names): ASCII digits only, bounded."""

from __future__ import annotations

import re

from werkzeug.exceptions import BadRequest

# Nine ASCII digits at most: below every database integer limit and far below the digit limit
# of Python's int(), so "²", "٣", "-1", " 5" and 5,000 digits are all simply "not a number".
_WHOLE = re.compile(r"[0-9]{1,9}")


def whole_number(text: object) -> int | None:
    """``text`` as an int when it is 1 to 9 ASCII digits, else None (never raises)."""
    if not isinstance(text, str) or not _WHOLE.fullmatch(text):
        return None
    return int(text)


NOT_A_NUMBER = (
    "A number in the address of this page is not a whole number. Use the digits 0-9 only, "
    "at most 9 of them, for example ?page=2."
)


def query_int(text: str) -> int:
    """A ``type=`` for ``request.args.get``: an empty value gives the default; anything else
    that is not 1 to 9 ASCII digits is a 400 saying so."""
    if text == "":
        raise ValueError("empty")  # request.args.get then returns its default
    number = whole_number(text)
    if number is None:
        raise BadRequest(NOT_A_NUMBER)
    return number
