"""Forms for mentees, mentor profiles, conflicts, supervision and match decisions."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from lms.forms import PlainText, choices
from lms.matching.models import CONFLICT_KINDS, GENDER_PREFERENCES, GENDERS, NEEDS

MAPPA_CHOICES = [
    ("none", "Not a MAPPA case"),
    ("1", "MAPPA level 1"),
    ("2", "MAPPA level 2"),
    ("3", "MAPPA level 3"),
]
REQUESTED_BY = {
    "mentor": "The mentor",
    "mentee": "The mentee",
    "scheme": "The scheme",
}


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class MenteeForm(FlaskForm):
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
            InputRequired("Enter a reference for the mentee"),
            Length(max=40, message="The reference must be 40 characters or fewer"),
            PlainText("reference"),
        ],
    )
    area = StringField(
        "Area",
        description="The town or area where they live or will live after release.",
        validators=[
            Length(max=100, message="The area must be 100 characters or fewer"),
            PlainText("area"),
        ],
    )
    gender = RadioField(
        "Gender",
        choices=choices(GENDERS.items()),
        default="not_said",
        validators=[InputRequired("Choose the mentee's gender")],
    )
    gender_preference = RadioField(
        "Would they like a mentor of a particular gender?",
        choices=choices(GENDER_PREFERENCES.items()),
        default="none",
        validators=[InputRequired("Choose whether the mentee wants a mentor of a gender")],
    )
    under_18 = BooleanField("The mentee is under 18")
    needs = MultiCheckboxField(
        "What do they need help with?",
        description="Select all that apply.",
        choices=choices(NEEDS.items()),
    )
    languages = StringField(
        "Languages they speak",
        description="Separate languages with commas, for example: English, Polish.",
        validators=[
            Length(max=400, message="The languages must be 400 characters or fewer"),
            PlainText("list of languages"),
        ],
    )
    in_custody = BooleanField("The mentee is in custody now")
    release_date = DateField(
        "Release date",
        description="Only if they are in custody. Mentoring through the gate starts about "
        "2 weeks before release.",
        validators=[Optional()],
    )
    mappa_level = RadioField(
        "MAPPA level",
        choices=choices(MAPPA_CHOICES),
        default="none",
        validators=[InputRequired("Choose a MAPPA level, or say it is not a MAPPA case")],
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
        validators=[Length(max=4000, message="The notes must be 4,000 characters or fewer")],
    )
    submit = SubmitField("Save mentee")

    @property
    def mappa_value(self) -> int | None:
        return None if self.mappa_level.data in (None, "", "none") else int(self.mappa_level.data)


class ProfileForm(FlaskForm):
    available = BooleanField("Available for new matches")
    capacity = IntegerField(
        "How many people can be mentored at once?",
        description="A number from 0 to 20.",
        validators=[
            InputRequired("Enter how many people can be mentored at once"),
            NumberRange(min=0, max=20, message="Enter a number from 0 to 20"),
        ],
    )
    area = StringField(
        "Area",
        description="Where the mentor can meet people.",
        validators=[
            Length(max=100, message="The area must be 100 characters or fewer"),
            PlainText("area"),
        ],
    )
    languages = StringField(
        "Languages",
        description="Separate languages with commas, for example: English, Punjabi.",
        validators=[
            Length(max=400, message="The languages must be 400 characters or fewer"),
            PlainText("list of languages"),
        ],
    )
    gender = RadioField(
        "Gender",
        choices=choices(GENDERS.items()),
        default="not_said",
        validators=[InputRequired("Choose a gender, or prefer not to say")],
    )
    needs_experience = MultiCheckboxField(
        "Experience with",
        description="Select all that apply: things the mentor has been through or helped with.",
        choices=choices(NEEDS.items()),
    )
    interests = TextAreaField(
        "Interests",
        description="For example football, cooking, music. Helps find things in common.",
        validators=[
            Length(max=2000, message="Interests must be 2,000 characters or fewer"),
            PlainText("interests", multi_line=True),
        ],
    )
    submit = SubmitField("Save mentor profile")


class ConflictForm(FlaskForm):
    mentor_id = SelectField(
        "Mentor", coerce=int, validators=[InputRequired("Choose a mentor from your scheme")]
    )
    kind = RadioField(
        "What is the conflict?",
        choices=choices(CONFLICT_KINDS.items()),
        validators=[InputRequired("Choose what the conflict is")],
    )
    submit = SubmitField("Record conflict")


class SupervisionForm(FlaskForm):
    held_on = DateField(
        "Date of the session",
        validators=[InputRequired("Enter the date of the session, like 27 3 2026")],
    )
    wellbeing = TextAreaField(
        "How is the mentor doing?",
        description=(
            "How the mentor is doing, not only compliance: how the work is affecting them, "
            "what is going well, what is hard."
        ),
        validators=[
            InputRequired("Say how the mentor is doing"),
            Length(max=4000, message="Keep this to 4,000 characters or fewer"),
        ],
    )
    support_agreed = TextAreaField(
        "Support agreed",
        description="Anything you agreed to do for the mentor, or they agreed to do.",
        validators=[Length(max=4000, message="Keep this to 4,000 characters or fewer")],
    )
    submit = SubmitField("Save supervision session")


class ActionForm(FlaskForm):
    """An empty form: carries the CSRF token for one-button actions."""

    submit = SubmitField("Confirm")


class PauseForm(FlaskForm):
    reason = TextAreaField(
        "Why is the match being paused?",
        validators=[
            InputRequired("Say why the match is being paused"),
            Length(max=2000, message="Keep the reason to 2,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Pause match")


class EndForm(FlaskForm):
    requested_by = RadioField(
        "Who asked to end the match?",
        choices=choices(REQUESTED_BY.items()),
        validators=[InputRequired("Choose who asked to end the match")],
    )
    reason = TextAreaField(
        "Why is the match ending?",
        validators=[
            InputRequired("Say why the match is ending"),
            Length(max=2000, message="Keep the reason to 2,000 characters or fewer"),
        ],
    )
    submit = SubmitField("End match")
