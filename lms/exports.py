"""CSV downloads: cells made safe for spreadsheets (no formula injection), one response shape."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from flask import Response

CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> str:
    """Stop spreadsheet programs running a cell as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(CSV_FORMULA_START) else text


def csv_text(rows: Iterable[Sequence[object]]) -> str:
    """``rows`` as CSV text, every cell passed through ``csv_safe``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return buffer.getvalue()


def csv_response(rows: Iterable[Sequence[object]], filename: str) -> Response:
    """A CSV download of ``rows`` (cells made safe) named ``filename``."""
    return Response(
        csv_text(rows),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
