"""Reading settings as plain data: the choices offered (text size, line spacing, background),
the classes base.html puts on <html> for them (lms/static/css/reading.css), and the cookie
value that keeps them before sign-in, read strictly (anything else means the defaults)."""

from __future__ import annotations

from dataclasses import dataclass

# value -> the words on the settings page, in the order they are offered; the first is the
# default. The values are what the database and the cookie hold (migration 0027 checks them).
TEXT_SIZES = {"standard": "Standard", "large": "Large", "largest": "Largest"}
LINE_SPACINGS = {"standard": "Standard", "more": "More space between lines"}
BACKGROUNDS = {"white": "White", "cream": "Cream", "blue": "Pale blue"}

COOKIE_NAME = "reading_settings"
COOKIE_MAX_AGE = 400 * 24 * 60 * 60  # as long as browsers keep a cookie (about 13 months)
SEPARATOR = "."


@dataclass(frozen=True)
class ReadingSettings:
    """How someone likes pages to look; the defaults are the site's usual look."""

    text_size: str = "standard"
    line_spacing: str = "standard"
    background: str = "white"

    @classmethod
    def chosen(cls, text_size, line_spacing, background) -> ReadingSettings | None:
        """These choices, or None if any is not one the page offers."""
        if text_size in TEXT_SIZES and line_spacing in LINE_SPACINGS and background in BACKGROUNDS:
            return cls(text_size, line_spacing, background)
        return None

    @property
    def classes(self) -> str:
        """The classes for <html>: none for a default, so the usual look needs no rule."""
        names = []
        if self.text_size != "standard":
            names.append(f"app-reading-text-{self.text_size}")
        if self.line_spacing != "standard":
            names.append(f"app-reading-spacing-{self.line_spacing}")
        if self.background != "white":
            names.append(f"app-reading-background-{self.background}")
        return " ".join(names)

    @property
    def cookie_value(self) -> str:
        """What the cookie holds: ``largest.more.cream``."""
        return SEPARATOR.join((self.text_size, self.line_spacing, self.background))

    def describe(self) -> str:
        """In words, for the preview: "Largest text, more space between lines, cream"."""
        size = f"{TEXT_SIZES[self.text_size]} text"
        spacing = (
            "standard line spacing"
            if self.line_spacing == "standard"
            else LINE_SPACINGS[self.line_spacing].lower()
        )
        return f"{size}, {spacing}, {BACKGROUNDS[self.background].lower()} background"


DEFAULT = ReadingSettings()


def from_cookie(value: str | None) -> ReadingSettings | None:
    """The settings a cookie holds, or None when it is missing or holds anything else (a
    tampered or old cookie is simply ignored: never an error)."""
    if not value or len(value) > 40:
        return None
    parts = value.split(SEPARATOR)
    if len(parts) != 3:
        return None
    return ReadingSettings.chosen(*parts)
