"""The mentee form (register and edit), built from the one set of mentee field rules."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, Optional

from lms.forms import PlainText, choices
from lms.matching.fields import LANGUAGES_TEXT_LENGTH
from lms.matching.mentees import fields as rules
from lms.matching.models import GENDER_PREFERENCES, GENDERS, NEEDS
from lms.web.forms import Form, MultiCheckboxField, NativeDateField

NO_MAPPA = "Choose a MAPPA level, or say it is not a MAPPA case"


class MenteeForm(Form):
    scheme_id = SelectField(
        "Scheme", coerce=int, validators=[InputRequired("Choose the mentee's scheme")]
    )
    reference = StringField(
        "Reference",
        description=(
            "A pseudonymous reference your scheme uses, such as a case number. "
            "No full name is needed: do not enter one."
        ),
        validators=[
            InputRequired(rules.NO_REFERENCE),
            Length(max=rules.REFERENCE_LENGTH, message=rules.REFERENCE_TOO_LONG),
            PlainText("reference"),
        ],
    )
    area = StringField(
        "Area",
        description="The town or area where they live or will live after release.",
        validators=[
            Length(max=rules.AREA_LENGTH, message=rules.AREA_TOO_LONG),
            PlainText("area"),
        ],
    )
    gender = RadioField(
        "Gender",
        choices=choices(GENDERS.items()),
        default="not_said",
        validators=[InputRequired(rules.NO_GENDER)],
        invalid_choice_message=rules.NO_GENDER,
    )
    gender_preference = RadioField(
        "Would they like a mentor of a particular gender?",
        choices=choices(GENDER_PREFERENCES.items()),
        default="none",
        validators=[InputRequired(rules.NO_PREFERENCE)],
        invalid_choice_message=rules.NO_PREFERENCE,
    )
    under_18 = BooleanField("The mentee is under 18")
    womens_pathway = BooleanField(
        "The mentee is on the women's pathway",
        description="Only mentors with the Women's Pathway Endorsement will be matched.",
    )
    needs = MultiCheckboxField(
        "What do they need help with?",
        description="Select all that apply.",
        choices=choices(NEEDS.items()),
    )
    languages = StringField(
        "Languages they speak",
        description="Separate languages with commas, for example: English, Polish.",
        validators=[
            Length(
                max=LANGUAGES_TEXT_LENGTH,
                message=f"The languages must be {LANGUAGES_TEXT_LENGTH} characters or fewer",
            ),
            PlainText("list of languages"),
        ],
    )
    in_custody = BooleanField("The mentee is in custody now")
    release_date = NativeDateField(
        "Release date",
        description="Only if they are in custody. Mentoring through the gate starts about "
        "2 weeks before release.",
        validators=[Optional()],
    )
    mappa_level = RadioField(
        "MAPPA level",
        choices=choices(rules.MAPPA_CHOICES),
        default="none",
        validators=[InputRequired(NO_MAPPA)],
        invalid_choice_message=NO_MAPPA,
    )
    high_risk = BooleanField("Assessed as high risk of serious harm")
    probation_agreed = BooleanField(
        "Probation has agreed to this person having a mentor",
        description="Needed before anyone is matched with a MAPPA or high-risk case.",
    )
    restricted_notes = TextAreaField(
        "Restricted notes",
        description=(
            "Only coordinators of this scheme can see these notes. Trainers, mentors and admins "
            "cannot. Do not record conviction details."
        ),
        validators=[Length(max=rules.NOTES_LENGTH, message=rules.NOTES_TOO_LONG)],
    )
    submit = SubmitField("Save mentee")

    @property
    def mappa_value(self) -> int | None:
        return None if self.mappa_level.data in (None, "", "none") else int(self.mappa_level.data)
