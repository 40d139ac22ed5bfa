"""The rules for reading settings: what a person's account holds, saving a choice on it, and
taking over the settings chosen before sign-in when the account has none of its own."""

from __future__ import annotations

from sqlalchemy.orm import Session

from lms.accounts.models import Person
from lms.reading.settings import ReadingSettings


def saved_for(person: Person) -> ReadingSettings | None:
    """The settings saved on the account, or None if the person never saved any (or a value
    is not one the page offers any more: then the defaults apply, never an error)."""
    return ReadingSettings.chosen(
        person.reading_text_size, person.reading_line_spacing, person.reading_background
    )


def save_for(session: Session, person: Person, chosen: ReadingSettings) -> None:
    """Keep ``chosen`` on the person's account (the caller commits)."""
    person.reading_text_size = chosen.text_size
    person.reading_line_spacing = chosen.line_spacing
    person.reading_background = chosen.background
    session.add(person)


def take_over(session: Session, person: Person, before_sign_in: ReadingSettings | None) -> bool:
    """At sign-in: save the settings chosen before sign-in on an account that has none, and
    say whether it did. An account's own settings always win (the caller commits)."""
    if before_sign_in is None or saved_for(person) is not None:
        return False
    save_for(session, person, before_sign_in)
    return True
