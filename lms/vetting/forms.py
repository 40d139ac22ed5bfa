"""The form for recording a DBS check. It has no place for conviction details, on purpose."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, SubmitField
from wtforms.validators import InputRequired

from lms.forms import choices
from lms.vetting.models import LEVELS


class VettingForm(FlaskForm):
    level = RadioField(
        "Level of DBS check",
        choices=choices(LEVELS.items()),
        validators=[InputRequired("Choose the level of the DBS check")],
    )
    certificate_date = DateField(
        "Date on the DBS certificate",
        validators=[InputRequired("Enter the date on the DBS certificate, like 27 3 2026")],
    )
    update_service = BooleanField("The person is on the DBS Update Service")
    recheck_due = DateField(
        "Recheck due",
        description="Good practice is a recheck every 3 years, unless the Update Service is used.",
        validators=[InputRequired("Enter when the check should be renewed")],
    )
    submit = SubmitField("Save DBS check")
