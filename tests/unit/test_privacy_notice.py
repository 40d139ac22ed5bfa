"""The privacy notice accounts for every table and the print stylesheet hides the site's
chrome: a new table fails here until the notice says what it keeps."""

from __future__ import annotations

import re
from pathlib import Path

import lms.models  # noqa: F401 - every table known
from lms.extensions import db
from lms.info import privacy

PRINT_CSS = Path(__file__).resolve().parents[2] / "lms" / "static" / "css" / "print.css"


def test_every_table_is_in_the_privacy_notice():
    """Each table is a line of the notice, or listed as holding nothing about a person."""
    tables = set(db.metadata.tables)
    missing = tables - privacy.described_tables()
    assert not missing, (
        f"say in lms/info/privacy.py what these tables keep about a person: {sorted(missing)}"
    )
    gone = privacy.described_tables() - tables
    assert not gone, f"lms/info/privacy.py names tables that do not exist: {sorted(gone)}"


def test_no_table_is_both_personal_and_not():
    """A table the notice describes is not also listed as holding nothing about a person."""
    personal = {t for item in [*privacy.KEPT, privacy.ABOUT_MENTEES] for t in item.tables}
    assert not personal & privacy.NOT_ABOUT_A_PERSON


def hidden_selectors(css: str) -> set[str]:
    """Selectors of the rules that set ``display: none``."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    hidden = set()
    for selectors, body in re.findall(r"([^{}]+)\{([^}]*)\}", css):
        if re.search(r"display:\s*none", body):
            hidden |= {s.strip() for s in selectors.split(",")}
    return hidden


def test_print_stylesheet_hides_navigation_footer_skip_link_and_buttons():
    """On paper: no service navigation, footer, skip link, back link or buttons."""
    hidden = hidden_selectors(PRINT_CSS.read_text())
    wanted = {
        ".app-service-navigation",
        ".govuk-footer",
        ".govuk-skip-link",
        ".govuk-back-link",
        ".govuk-button",
        ".app-link-button",
        "button",
    }
    assert wanted <= hidden, sorted(wanted - hidden)
