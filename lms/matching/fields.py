"""What every matching record checks the same way: RecordError, plain text and languages
(mentees and mentor profiles alike, whether saved from the web, the API or the command line)."""

from __future__ import annotations

from lms.accounts.text import hidden_problem
from lms.domain import DomainError

MAX_LANGUAGES = 10
MAX_LANGUAGE_LENGTH = 40
# The comma-separated text box the web forms offer for languages.
LANGUAGES_TEXT_LENGTH = 400


class RecordError(DomainError):
    """A change the matching records refuse; the message is safe to show, ``field`` names it."""


class AlreadyRecorded(RecordError):
    """The record exists already: a mentee reference taken in the scheme, a conflict declared."""

    code = "already_exists"


def clean(text: str | None) -> str:
    """The text without surrounding white space ("" for None)."""
    return (text or "").strip()


def parse_languages(text: str) -> list[str]:
    """Comma-separated languages as a clean list, each once, in the order given."""
    seen: set[str] = set()
    languages = []
    for part in (text or "").split(","):
        name = " ".join(part.split())
        if name and name.lower() not in seen:
            seen.add(name.lower())
            languages.append(name[:MAX_LANGUAGE_LENGTH])
    return languages


def check_plain(value: str | None, what: str, field: str, multi_line: bool = False) -> None:
    """RecordError unless ``value`` is free of control, zero-width and text-direction characters
    (web forms, the API and the command line all save through here)."""
    problem = hidden_problem(value or "", what, multi_line)
    if problem:
        raise RecordError(problem, field)


def check_languages(languages: list[str]) -> None:
    """RecordError unless there are at most ``MAX_LANGUAGES`` plain, short enough languages."""
    if len(languages) > MAX_LANGUAGES:
        raise RecordError(f"Enter at most {MAX_LANGUAGES} languages", "languages")
    for language in languages:
        check_plain(language, "list of languages", "languages")
        if len(language) > MAX_LANGUAGE_LENGTH:
            raise RecordError(
                f"Each language must be {MAX_LANGUAGE_LENGTH} characters or fewer", "languages"
            )


def form_values(record: object, names: tuple[str, ...]) -> dict[str, object]:
    """A record's values as its form shows them (languages as comma-separated text)."""
    data = {name: getattr(record, name) for name in names}
    data["languages"] = ", ".join(getattr(record, "languages", None) or [])
    return data
