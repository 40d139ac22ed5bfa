"""The form for recording a DBS check. It has no place for conviction details, on purpose."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from lms.forms import choices
from lms.vetting.models import KINDS, LEVELS
from lms.web.forms import Form, NativeDateField


class VettingForm(Form):
    kind = RadioField(
        "Kind of check",
        description="Checks dated before 1 December 2012 were CRB checks.",
        choices=choices(KINDS.items()),
        default="dbs",
        validators=[DataRequired("Choose whether this is a DBS check or an older CRB check")],
    )
    level = RadioField(
        "Level of DBS check",
        choices=choices(LEVELS.items()),
        validators=[InputRequired("Choose the level of the DBS check")],
    )
    certificate_date = NativeDateField(
        "Date on the DBS certificate",
        validators=[InputRequired("Enter the date on the DBS certificate")],
    )
    update_service = BooleanField("The person is on the DBS Update Service")
    update_service_checked_on = NativeDateField(
        "Date of the last Update Service status check",
        description="Only if they are on the Update Service. The recheck can then be due "
        "within the scheme's interval of this date.",
        validators=[Optional()],
    )
    recheck_due = NativeDateField(
        "Recheck due",
        validators=[InputRequired("Enter when the check should be renewed")],
    )
    submit = SubmitField("Save DBS check")


class InErrorForm(Form):
    reason = TextAreaField(
        "Why was this check entered in error?",
        description="For example: the wrong person, or the dates were mistyped. "
        "The check stays in the history, struck through.",
        validators=[
            InputRequired("Say why this check was entered in error"),
            Length(max=1000, message="Keep the reason to 1000 characters or fewer"),
        ],
    )
    submit = SubmitField("Mark as entered in error")
