"""The mentor profile form (a mentor's own, or one a coordinator changes)."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from lms.forms import PlainText, choices
from lms.matching.fields import LANGUAGES_TEXT_LENGTH
from lms.matching.mentors.services import AREA_LENGTH, INTERESTS_LENGTH, MAX_CAPACITY
from lms.matching.models import GENDERS, NEEDS
from lms.web.forms import Form, MultiCheckboxField


def _capacity(label: str, how: str, more_hint: str = "") -> IntegerField:
    """The capacity field, worded for whoever reads the form."""
    return IntegerField(
        label,
        description=f"A number from 0 to {MAX_CAPACITY}.{more_hint}",
        validators=[
            InputRequired(f"Enter how many people {how} at once"),
            NumberRange(
                min=0, max=MAX_CAPACITY, message=f"Enter a number from 0 to {MAX_CAPACITY}"
            ),
        ],
        invalid_value_message=f"Enter a whole number from 0 to {MAX_CAPACITY}",
    )


class ProfileForm(Form):
    available = BooleanField("Available for new matches")
    capacity = _capacity("How many people can be mentored at once?", "can be mentored")
    area = StringField(
        "Area",
        description="Where the mentor can meet people.",
        validators=[
            Length(max=AREA_LENGTH, message=f"The area must be {AREA_LENGTH} characters or fewer"),
            PlainText("area"),
        ],
    )
    languages = StringField(
        "Languages",
        description="Separate languages with commas, for example: English, Punjabi.",
        validators=[
            Length(
                max=LANGUAGES_TEXT_LENGTH,
                message=f"The languages must be {LANGUAGES_TEXT_LENGTH} characters or fewer",
            ),
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
            Length(max=INTERESTS_LENGTH, message="Interests must be 2,000 characters or fewer"),
            PlainText("interests", multi_line=True),
        ],
    )
    submit = SubmitField("Save mentor profile")


class OwnProfileForm(ProfileForm):
    """The same form as the mentor reads it about themselves."""

    available = BooleanField("Are you available for new matches?")
    capacity = _capacity(
        "How many people can you mentor at once?", "you can mentor", " Choose 0 for a break."
    )
    area = StringField(
        "Where can you meet people?",
        description="A town or part of a city, for example: Leeds, or North Manchester.",
        validators=ProfileForm.area.kwargs["validators"],
    )
    languages = StringField(
        "Which languages do you speak?",
        description="Separate languages with commas, for example: English, Punjabi.",
        validators=ProfileForm.languages.kwargs["validators"],
    )
    gender = RadioField(
        "Your gender",
        choices=choices(GENDERS.items()),
        default="not_said",
        validators=[InputRequired("Choose your gender, or prefer not to say")],
    )
    needs_experience = MultiCheckboxField(
        "What have you been through or helped others with?",
        description="Select all that apply.",
        choices=choices(NEEDS.items()),
    )
    interests = TextAreaField(
        "What are you interested in?",
        description="For example football, cooking, music. It helps find things in common.",
        validators=ProfileForm.interests.kwargs["validators"],
    )
    submit = SubmitField("Save my profile")
