"""The mentor profile form (a mentor's own, or one a coordinator changes)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from lms.forms import PlainText, choices
from lms.matching.fields import LANGUAGES_TEXT_LENGTH
from lms.matching.mentors.services import AREA_LENGTH, INTERESTS_LENGTH, MAX_CAPACITY
from lms.matching.models import GENDERS, NEEDS
from lms.web.forms import MultiCheckboxField


class ProfileForm(FlaskForm):
    available = BooleanField("Available for new matches")
    capacity = IntegerField(
        "How many people can be mentored at once?",
        description=f"A number from 0 to {MAX_CAPACITY}.",
        validators=[
            InputRequired("Enter how many people can be mentored at once"),
            NumberRange(
                min=0, max=MAX_CAPACITY, message=f"Enter a number from 0 to {MAX_CAPACITY}"
            ),
        ],
    )
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
