"""The mentor's forms: declining a match, asking to end one, and logging a contact."""

from __future__ import annotations

from wtforms import BooleanField, IntegerField, RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange

from lms.forms import choices
from lms.matching.models import CONTACT_KINDS, CONTACT_NOTE_LENGTH
from lms.web.forms import Form, NativeDateField


class DeclineForm(Form):
    reason = TextAreaField(
        "Why are you declining this match?",
        validators=[
            InputRequired("Say why you are declining this match"),
            Length(max=2000, message="Keep the reason to 2,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Decline match")


class AskToEndForm(Form):
    reason = TextAreaField(
        "Why do you want to end this match?",
        description="Your coordinator reads this and decides what happens next.",
        validators=[
            InputRequired("Say why you want to end this match"),
            Length(max=2000, message="Keep the reason to 2,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Ask to end the match")


class ContactForm(Form):
    held_on = NativeDateField(
        "Date of the contact",
        validators=[InputRequired("Enter the date of the contact")],
    )
    kind = RadioField(
        "How were you in contact?",
        choices=choices(CONTACT_KINDS.items()),
        validators=[InputRequired("Choose how you were in contact")],
    )
    minutes = IntegerField(
        "How long, in minutes",
        validators=[
            InputRequired("Enter how long the contact took, in minutes"),
            NumberRange(min=1, max=1440, message="Enter a number of minutes from 1 to 1440"),
        ],
        invalid_value_message="Enter how long the contact took as a whole number of minutes",
    )
    note = TextAreaField(
        "Short note",
        description="Facts only, and only what is needed: what you did, not private details.",
        validators=[
            Length(max=CONTACT_NOTE_LENGTH, message="Keep the note to 500 characters or fewer")
        ],
    )
    concern = BooleanField(
        "I have a concern about a risk of harm",
        description="Your scheme's safeguarding lead is told today. If someone is in danger "
        "now, call 999 first.",
    )
    submit = SubmitField("Save contact")
