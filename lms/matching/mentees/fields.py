"""The one definition of the mentee field rules: the limits, choices and messages that the web
form, the service (and so the API and the demo) and the API's JSON body all use."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from lms.matching.fields import RecordError, check_languages, check_plain, clean
from lms.matching.models import AREA_LENGTH, GENDER_PREFERENCES, GENDERS, NEEDS, REFERENCE_LENGTH

# The API takes references of letters, digits and a few separators only.
REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 _./-]*$"
NOTES_LENGTH = 4000
MAPPA_LEVELS = (1, 2, 3)
MAPPA_CHOICES = [
    ("none", "Not a MAPPA case"),
    *[(str(level), f"MAPPA level {level}") for level in MAPPA_LEVELS],
]

NO_REFERENCE = "Enter a reference for the mentee"
REFERENCE_TOO_LONG = f"The reference must be {REFERENCE_LENGTH} characters or fewer"
AREA_TOO_LONG = f"The area must be {AREA_LENGTH} characters or fewer"
NO_GENDER = "Choose the mentee's gender"
NO_PREFERENCE = "Choose whether the mentee wants a mentor of a gender"
NOTES_TOO_LONG = "The notes must be 4,000 characters or fewer"

MENTEE_FIELDS = (
    "reference",
    "area",
    "gender",
    "gender_preference",
    "under_18",
    "womens_pathway",
    "needs",
    "languages",
    "in_custody",
    "release_date",
    "mappa_level",
    "high_risk",
    "probation_agreed",
)


@dataclass(frozen=True)
class MenteeDetails:
    """What a coordinator records about a mentee; no name is needed, only a reference."""

    reference: str
    area: str = ""
    gender: str = "not_said"
    gender_preference: str = "none"
    under_18: bool = False
    womens_pathway: bool = False
    needs: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    in_custody: bool = False
    release_date: date | None = None
    mappa_level: int | None = None
    high_risk: bool = False
    probation_agreed: bool = False
    # None leaves the notes as they are (for people who may not see them).
    restricted_notes: str | None = None


def check_mentee(details: MenteeDetails, today: date) -> None:
    """RecordError naming the first field of ``details`` the rules refuse."""
    reference = clean(details.reference)
    if not reference:
        raise RecordError(NO_REFERENCE, "reference")
    # A zero-width character would make a second record that looks like the first one.
    check_plain(reference, "reference", "reference")
    check_plain(details.area, "area", "area")
    if len(reference) > REFERENCE_LENGTH:
        raise RecordError(REFERENCE_TOO_LONG, "reference")
    if details.gender not in GENDERS:
        raise RecordError(NO_GENDER, "gender")
    if details.gender_preference not in GENDER_PREFERENCES:
        raise RecordError(NO_PREFERENCE, "gender_preference")
    unknown = set(details.needs) - set(NEEDS)
    if unknown:
        raise RecordError("Choose needs from the list", "needs")
    if details.mappa_level not in (None, *MAPPA_LEVELS):
        raise RecordError("Choose a MAPPA level from the list", "mappa_level")
    check_languages(details.languages)
    if details.release_date is not None and not details.in_custody:
        raise RecordError("Only enter a release date for someone who is in custody", "release_date")
    if details.in_custody and details.release_date is not None and details.release_date < today:
        raise RecordError(
            "The release date has passed: change it, or say the person is no longer in custody",
            "release_date",
        )


def values_of(details: MenteeDetails) -> dict[str, object]:
    """The details as the mentee record stores them (cleaned, needs in list order)."""
    return {
        "reference": clean(details.reference),
        "area": clean(details.area)[:AREA_LENGTH],
        "gender": details.gender,
        "gender_preference": details.gender_preference,
        "under_18": details.under_18,
        "womens_pathway": details.womens_pathway,
        "needs": [n for n in NEEDS if n in details.needs],
        "languages": list(details.languages),
        "in_custody": details.in_custody,
        "release_date": details.release_date if details.in_custody else None,
        "mappa_level": details.mappa_level,
        "high_risk": details.high_risk,
        "probation_agreed": details.probation_agreed,
    }
