"""The form for declaring a conflict between a mentor and a mentee."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired

from lms.forms import choices
from lms.matching.models import CONFLICT_KINDS


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
