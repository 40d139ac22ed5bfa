"""The form for recording a supervision session."""

from __future__ import annotations

from wtforms import SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from lms.web.forms import Form, NativeDateField


class SupervisionForm(Form):
    held_on = NativeDateField(
        "Date of the session",
        validators=[InputRequired("Enter the date of the session")],
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
