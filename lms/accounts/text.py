"""Names and email addresses as people type them: refuse invisible characters, normalise Unicode.

Refused everywhere a name or an email is entered (forms, the JSON API, the command line):
control characters, line and paragraph separators, and every invisible formatting character
(Unicode category Cf: zero-width spaces and joiners U+200B-U+200D, word joiner U+2060, byte order
mark U+FEFF, and the bidirectional marks, embeddings, overrides and isolates U+200E/F, U+061C,
U+202A-U+202E, U+2066-U+2069 that can make a name display as something else).

Names are stored in NFC. Email addresses are stored in NFKC and lower case (so "ADMIN@example.org"
typed in fullwidth letters becomes "admin@example.org"), and compared for uniqueness by their
NFKC case-folded form (``email_key``), so "Straße@example.org" and "strasse@example.org" are one
account.
"""

from __future__ import annotations

import unicodedata

REFUSED_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}


def hidden_characters(text: str) -> list[str]:
    """The characters in ``text`` that must not be in a name or email, as ``U+XXXX``."""
    return sorted(
        {f"U+{ord(c):04X}" for c in text if unicodedata.category(c) in REFUSED_CATEGORIES}
    )


def strip_hidden(text: str) -> str:
    """``text`` without any refused character: for showing names stored before this rule."""
    return "".join(c for c in text if unicodedata.category(c) not in REFUSED_CATEGORIES)


def name_problem(text: str | None, what: str = "name") -> str | None:
    """Why ``text`` cannot be a name, or None."""
    if text is None or not clean_name(text):
        return f"Enter the {what}"
    hidden = hidden_characters(text)
    if hidden:
        return (
            f"The {what} contains invisible or control characters ({', '.join(hidden)}), such "
            "as zero-width spaces or text-direction marks. Type it again without them"
        )
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
