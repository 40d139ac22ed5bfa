"""Names and email addresses as people type them: refuse invisible characters, normalise Unicode.

Refused everywhere a name or an email is entered (forms, the JSON API, the command line):
control characters, line and paragraph separators, and every invisible formatting character
(Unicode category Cf: zero-width spaces and joiners U+200B-U+200D, word joiner U+2060, byte order
mark U+FEFF, and the bidirectional marks, embeddings, overrides and isolates U+200E/F, U+061C,
U+202A-U+202E, U+2066-U+2069 that can make a name display as something else), and the fillers
that draw nothing although Unicode calls them letters, marks or symbols (``FILLERS``: Hangul
fillers, the braille blank, the combining grapheme joiner, variation selectors). A name must also
show something: at least one letter, number, punctuation mark or symbol that is not a filler.

Names are stored in NFC. Email addresses are stored in NFKC and lower case (so "ADMIN@example.org"
typed in fullwidth letters becomes "admin@example.org"), and compared for uniqueness by their
NFKC case-folded form (``email_key``), so "Straße@example.org" and "strasse@example.org" are one
account.
"""

from __future__ import annotations

import unicodedata

REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}


def _span(first: int, last: int) -> set[str]:
    return {chr(code) for code in range(first, last + 1)}


# Unicode's Default_Ignorable_Code_Point characters that are not format characters (Cf), so the
# categories above miss them, plus the braille blank U+2800, which draws an empty cell.
FILLERS = frozenset(
    {"\u034f", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u2800", "\u3164", "\uffa0"}
    | _span(0x180B, 0x180F)  # Mongolian free variation selectors and vowel separator
    | _span(0xFE00, 0xFE0F)  # variation selectors
    | _span(0xFFF0, 0xFFF8)  # reserved, ignorable
    | _span(0xE0100, 0xE01EF)  # variation selectors supplement
)
# Multi-line free text (interests, notes) may keep its line breaks and tabs.
LINE_BREAKS = frozenset("\n\r\t")


def _refused(c: str) -> bool:
    return unicodedata.category(c) in REFUSED_CATEGORIES or c in FILLERS


def hidden_characters(text: str, multi_line: bool = False) -> list[str]:
    """The characters in ``text`` that must not be in a name or email, as ``U+XXXX``
    (``multi_line``: line breaks and tabs are allowed)."""
    allowed = LINE_BREAKS if multi_line else frozenset()
    return sorted({f"U+{ord(c):04X}" for c in text if _refused(c) and c not in allowed})


def strip_hidden(text: str) -> str:
    """``text`` without any refused character: for showing names stored before this rule."""
    return "".join(c for c in text if not _refused(c))


def has_visible(text: str) -> bool:
    """Whether ``text`` shows something: a letter, number, punctuation or symbol, not a filler."""
    return any(unicodedata.category(c)[0] in "LNPS" and not _refused(c) for c in text)


def hidden_problem(text: str, what: str, multi_line: bool = False) -> str | None:
    """Why free text (a reference, an area, a key name) cannot be kept as typed, or None."""
    hidden = hidden_characters(text or "", multi_line)
    if hidden:
        return (
            f"The {what} contains invisible or control characters ({', '.join(hidden)}), such as "
            "zero-width spaces, text-direction marks or blank fillers. Type it again without them"
        )
    return None


def name_problem(text: str | None, what: str = "name") -> str | None:
    """Why ``text`` cannot be a name, or None."""
    if text is None or not clean_name(text):
        return f"Enter the {what}"
    hidden = hidden_problem(text, what)
    if hidden:
        return hidden
    if not has_visible(text):
        return f"The {what} must contain at least one letter or number"
    return None


def clean_name(text: str) -> str:
    """The name in NFC with its spaces tidied (one space between words, none at the ends)."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def email_problem(text: str | None) -> str | None:
    """Why ``text`` cannot be an email address (beyond its format), or None."""
    if text is None or not text.strip():
        return "Enter an email address"
    hidden = hidden_characters(text)
    if hidden:
        return (
            f"The email address contains invisible or control characters ({', '.join(hidden)}). "
            "Type it again without them"
        )
    if any(c.isspace() for c in text.strip()):
        return "An email address cannot contain spaces"
    return None


def normalise_email(text: str) -> str:
    """The address as stored and sent to: NFKC, lower case, no spaces at the ends."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def email_key(text: str) -> str:
    """The form two addresses share when they are the same account: NFKC case-folded."""
    folded = unicodedata.normalize("NFKC", normalise_email(text)).casefold()
    return unicodedata.normalize("NFKC", folded)


def username_key(text: str) -> str:
    """The form two usernames share when they clash: NFKC case-folded, no spaces at the ends."""
    folded = unicodedata.normalize("NFKC", text).strip().casefold()
    return unicodedata.normalize("NFKC", folded)
