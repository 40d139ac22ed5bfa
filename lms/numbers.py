"""Whole numbers typed by users (query strings, form field names): ASCII digits only, bounded."""

from __future__ import annotations

import re

# Nine ASCII digits at most: below every database integer limit and far below the digit limit
# of Python's int(), so "²", "٣", "-1", " 5" and 5,000 digits are all simply "not a number".
_WHOLE = re.compile(r"[0-9]{1,9}")


def whole_number(text: object) -> int | None:
    """``text`` as an int when it is 1 to 9 ASCII digits, else None (never raises)."""
    if not isinstance(text, str) or not _WHOLE.fullmatch(text):
        return None
    return int(text)


def query_int(text: str) -> int:
    """A ``type=`` for ``request.args.get``: ValueError (so the default is used) unless digits."""
    number = whole_number(text)
    if number is None:
        raise ValueError("not a whole number")
    return number
