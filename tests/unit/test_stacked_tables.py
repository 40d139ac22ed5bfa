"""Every list table stacks into labelled cards on a phone: each govuk-table in the templates has
the app-table-stack class, and each of its data cells a data-label naming its column."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
TABLE = re.compile(r"<table\b[^>]*>.*?</table>", re.S)
CELL = re.compile(r"<td\b[^>]*>")
HEADER = re.compile(r'<th scope="col"[^>]*>(.*?)</th>', re.S)
TAG = re.compile(r"<[^>]+>")


def _tables() -> list[tuple[str, str]]:
    found = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for table in TABLE.findall(path.read_text(encoding="utf-8")):
            if "govuk-table" in table.split(">", 1)[0]:
                found.append((str(path.relative_to(ROOT)), table))
    return found


def test_there_are_tables_to_check():
    """The pattern below really finds the list tables (so the checks cannot pass vacuously)."""
    assert len(_tables()) >= 20


def test_every_list_table_stacks_on_a_phone():
    """A table without app-table-stack would keep its columns and push the page sideways."""
    missing = [where for where, table in _tables() if "app-table-stack" not in table.split(">")[0]]
    assert not missing, f"add app-table-stack to the table in: {missing}"


def test_every_cell_is_labelled_with_its_column():
    """A cell without a data-label would show a value with no column name on a phone."""
    missing = [
        f"{where}: {cell}"
        for where, table in _tables()
        for cell in CELL.findall(table)
        if "data-label=" not in cell
    ]
    assert not missing, "add data-label to:\n" + "\n".join(missing)


def test_labels_are_the_column_headers():
    """Each plain cell's label is its column's header text, in order (hidden headers: none)."""
    where, table = next((w, t) for w, t in _tables() if w.endswith("practice/log.html"))
    headers = [TAG.sub("", h).strip() for h in HEADER.findall(table)]
    labels = re.findall(r'<td [^>]*data-label="([^"]*)"', table)
    assert headers == ["Date", "Type", "How long", "Status"], where
    assert labels == headers, where
