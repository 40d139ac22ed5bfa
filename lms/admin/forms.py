"""Forms for the admin pages."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional

from lms.accounts.models import Role
from lms.forms import PlainEmail, PlainName, choices
from lms.web.forms import MultiCheckboxField


def _person_id(value: object) -> int:
    """A posted person id: 0 for "Not named yet" (or nothing posted), -1 for anything that is
    not a number, which no person has, so the service refuses it with a plain message."""
    if value is None or value == "":
        return 0
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return -1


class SchemeForm(FlaskForm):
    name = StringField(
        "Scheme name",
        validators=[
            InputRequired("Enter the scheme's name"),
            PlainName("scheme's name"),
            Length(max=200),
        ],
    )
    slug = StringField(
        "Short name for web addresses",
        description="Lower-case letters, numbers and hyphens, like north-east-mentors.",
        validators=[InputRequired("Enter a short name"), Length(max=60)],
        render_kw={"spellcheck": "false"},
    )
    contact_email = EmailField(
        "Contact email (optional)",
        validators=[
            Optional(),
            PlainEmail(),
            Email("Enter an email address in the right format, like name@example.com"),
            Length(max=254),
        ],
    )
    safeguarding_lead = SelectField(
        "Safeguarding lead",
        description="Trainees are taught to tell this person about a risk of harm the same day.",
        coerce=_person_id,
        validate_choice=False,
    )
    safeguarding_deputy = SelectField(
        "Deputy safeguarding lead",
        description="Who to tell when the safeguarding lead is away.",
        coerce=_person_id,
        validate_choice=False,
    )
    submit = SubmitField("Save scheme")


class PersonForm(FlaskForm):
    name = StringField(
        "Full name", validators=[InputRequired("Enter a name"), PlainName(), Length(max=200)]
    )
    roles = MultiCheckboxField(
        "Roles", choices=choices((role.value, role.label) for role in Role), validate_choice=True
    )
    scheme = SelectField("Scheme", coerce=int)
    lead_trainer = BooleanField(
        "Lead trainer: may second-mark other trainers' marking in their scheme"
    )
    submit = SubmitField("Save changes")


class StatusForm(FlaskForm):
    reason = TextAreaField(
        "Reason",
        description="This is kept in the audit trail.",
        validators=[InputRequired("Say why"), Length(max=1000)],
    )
    submit = SubmitField("Confirm")
