"""The forms that pause and end a match (other match decisions are one-button ActionForms)."""

from __future__ import annotations

from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from lms.forms import choices
from lms.matching.models import END_REQUESTERS
from lms.web.forms import Form


class PauseForm(Form):
    reason = TextAreaField(
        "Why is the match being paused?",
        validators=[
            InputRequired("Say why the match is being paused"),
            Length(max=2000, message="Keep the reason to 2,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Pause match")


class EndForm(Form):
    requested_by = RadioField(
        "Who asked to end the match?",
        choices=choices(END_REQUESTERS.items()),
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


class KeepForm(Form):
    reason = TextAreaField(
        "Why should the match carry on?",
        description="The mentor will see this on their page for the match.",
        validators=[
            InputRequired("Say why the match is carrying on"),
            Length(max=2000, message="Keep the reason to 2,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Keep the match going")
