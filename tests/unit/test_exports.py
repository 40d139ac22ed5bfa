"""CSV downloads (lms/exports.py): every formula start character guarded, None empty."""

from __future__ import annotations

import csv
import io

import pytest

from lms.exports import CSV_FORMULA_START, csv_response, csv_safe, csv_text


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_character_is_guarded(start):
    """A cell a spreadsheet could run as a formula starts with a quote instead."""
    assert start in CSV_FORMULA_START
    assert csv_safe(f"{start}HYPERLINK(1)") == f"'{start}HYPERLINK(1)"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        ("", ""),
        ("Pat Person", "Pat Person"),
        ("a=b", "a=b"),  # only the first character matters
        (" =1", " =1"),
        (42, "42"),
        ("'=1", "'=1"),  # already guarded: not guarded twice
    ],
)
def test_safe_cells_are_left_as_they_are(value, text):
    """Ordinary values become text unchanged; None is an empty cell."""
    assert csv_safe(value) == text


def test_csv_text_guards_every_cell_of_every_row():
    """Header and body cells alike go through the guard."""
    text = csv_text([["=Name", "Email"], ["@me", None], [-5, "+44 7700"]])
    assert list(csv.reader(io.StringIO(text))) == [
        ["'=Name", "Email"],
        ["'@me", ""],
        ["'-5", "'+44 7700"],
    ]


def test_csv_response_is_a_named_download(app):
    """The response is text/csv, an attachment with the given name, cells guarded."""
    response = csv_response(iter([["a", "=1"]]), "things.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="things.csv"'
    assert response.get_data(as_text=True) == "a,'=1\r\n"
