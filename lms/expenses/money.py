"""Pounds and pence as people type and read them ("4.50", "£4.5", "4"), and hours as decimals
("1.5"): parsed to whole pence and whole minutes, never floats."""

from __future__ import annotations

import re
from decimal import Decimal

_POUNDS = re.compile(r"£?\s*([0-9]{1,6})(?:\.([0-9]{1,2}))?")
_HOURS = re.compile(r"([0-9]{1,2})(?:\.([0-9]{1,2}))?")


def pence(text: object) -> int | None:
    """``"4.50"`` (or ``"£4.5"``, ``"4"``) as 450 pence; None when it is not an amount."""
    if not isinstance(text, str):
        return None
    found = _POUNDS.fullmatch(text.strip().replace(",", ""))
    if found is None:
        return None
    whole, part = found.group(1), (found.group(2) or "").ljust(2, "0")
    return int(whole) * 100 + int(part)


def pounds(amount: int | None) -> str:
    """450 pence as ``"4.50"`` (no pound sign: templates and CSV add it where they need)."""
    if amount is None:
        return ""
    return f"{amount // 100}.{amount % 100:02d}"


def minutes(text: object) -> int | None:
    """Hours typed as ``"1.5"`` as 90 minutes; None when it is not a number of whole minutes."""
    if not isinstance(text, str):
        return None
    found = _HOURS.fullmatch(text.strip())
    if found is None:
        return None
    value = Decimal(found.group(0)) * 60
    return int(value) if value == value.to_integral_value() else None


def hours(paid_minutes: int) -> str:
    """90 minutes as ``"1.5"``, 60 as ``"1"``, 20 as ``"0.33"``."""
    text = f"{Decimal(paid_minutes) / 60:.2f}".rstrip("0").rstrip(".")
    return text or "0"
