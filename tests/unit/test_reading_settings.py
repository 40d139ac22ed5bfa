"""Reading settings as data: the classes each choice puts on <html>, the cookie value and back,
and a cookie that holds anything else meaning the defaults."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from lms.reading.settings import (
    BACKGROUNDS,
    DEFAULT,
    LINE_SPACINGS,
    TEXT_SIZES,
    ReadingSettings,
    from_cookie,
)

READING_CSS = Path(__file__).resolve().parents[2] / "lms" / "static" / "css" / "reading.css"
EVERY = [
    ReadingSettings(*choice) for choice in itertools.product(TEXT_SIZES, LINE_SPACINGS, BACKGROUNDS)
]


def test_the_defaults_add_no_class():
    """The usual look is the site as it is: no class, no rule."""
    assert DEFAULT.classes == ""
    assert ReadingSettings("standard", "standard", "white") == DEFAULT


@pytest.mark.parametrize("chosen", EVERY, ids=lambda s: s.cookie_value)
def test_every_choice_goes_into_the_cookie_and_comes_back(chosen):
    """Each of the 18 combinations reads back from its own cookie value unchanged."""
    assert from_cookie(chosen.cookie_value) == chosen


def test_every_class_a_choice_gives_has_a_rule_in_reading_css():
    """A class on <html> with no rule would be a setting that does nothing."""
    css = READING_CSS.read_text()
    classes = {name for chosen in EVERY for name in chosen.classes.split()}
    assert len(classes) == 5
    for name in classes:
        assert re.search(rf"\.{name}\b", css), name


@pytest.mark.parametrize(
    "value", [None, "", "large", "large.more", "large.more.cream.x", "big.more.cream", "." * 3]
)
def test_anything_else_in_the_cookie_is_no_settings(value):
    """A missing, short, long or unknown cookie value gives None (so the defaults apply)."""
    assert from_cookie(value) is None


def test_described_in_words_for_the_preview():
    """The preview names the settings in force in plain words."""
    assert ReadingSettings("largest", "more", "blue").describe() == (
        "Largest text, more space between lines, pale blue background"
    )
