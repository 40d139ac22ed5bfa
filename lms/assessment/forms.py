"""Forms for writing scenario answers and for marking them against a rubric."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from lms.forms import choices


class AnswerForm(FlaskForm):
    answer = TextAreaField("Your answer", validators=[Length(max=20000)])
    save = SubmitField("Save draft")
    send = SubmitField("Send for marking")


def mark_form(rubric: list[dict[str, Any]]) -> type[FlaskForm]:
    """A form class with, for each rubric criterion, met or not met and a comment."""

    class MarkForm(FlaskForm):
        outcome = RadioField(
            "Overall result",
            choices=choices([("pass", "Pass"), ("refer", "Refer: the trainee tries again")]),
            validators=[InputRequired("Choose pass or refer")],
        )
        feedback = TextAreaField(
            "Feedback to the trainee",
            description="The trainee reads this. Say what was good and what to work on.",
            validators=[InputRequired("Write feedback for the trainee"), Length(max=5000)],
        )
        submit = SubmitField("Save mark")

    for index, criterion in enumerate(rubric):
        setattr(
            MarkForm,
            f"met_{index}",
            RadioField(
                criterion["criterion"],
                description=criterion.get("guidance", ""),
                choices=choices([("yes", "Met"), ("no", "Not met")]),
                validators=[InputRequired("Say whether this criterion is met")],
            ),
        )
        setattr(
            MarkForm,
            f"comment_{index}",
            TextAreaField("Comment (optional)", validators=[Optional(), Length(max=2000)]),
        )
    return MarkForm
