"""Forms for the admin pages."""

from __future__ import annotations

from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Email, InputRequired, Length, Optional

from lms.accounts.models import Role
from lms.forms import PlainEmail, PlainName, choices
from lms.web.forms import Form, MultiCheckboxField


def _person_id(value: object) -> int:
    """A posted person id: 0 for "Not named yet" (or nothing posted), -1 for anything that is
    not a number, which no person has, so the service refuses it with a plain message."""
    if value is None or value == "":
        return 0
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return -1


class SchemeForm(Form):
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


class PersonForm(Form):
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


class StatusForm(Form):
    reason = TextAreaField(
        "Reason",
        description="This is kept in the audit trail.",
        validators=[InputRequired("Say why"), Length(max=1000)],
    )
    submit = SubmitField("Confirm")


class SchemeSettingsForm(Form):
    """A scheme's settings page (lms/admin/scheme_settings.py holds the limits)."""

    supervision_interval_weeks = IntegerField(
        "Supervision interval, in weeks",
        description="Mentors must have had supervision within this time to be matched.",
        validators=[InputRequired("Enter the supervision interval in weeks, like 6")],
        invalid_value_message="Enter the supervision interval as a whole number of weeks, like 6",
    )
    dbs_recheck_months = IntegerField(
        "DBS recheck interval, in months",
        description="A DBS check is due again within this time, unless the person is on the "
        "Update Service.",
        validators=[InputRequired("Enter the DBS recheck interval in months, like 36")],
        invalid_value_message="Enter the DBS recheck interval as a whole number of months, like 36",
    )
    practice_backdate_days = IntegerField(
        "How many days back trainees may log practice",
        validators=[InputRequired("Enter a number of days, like 60")],
        invalid_value_message="Enter a whole number of days, like 60",
    )
    practice_hours_required = IntegerField(
        "Supervised hours required",
        validators=[Optional()],
        invalid_value_message="Enter the supervised hours required as a whole number, like 20",
    )
    observed_sessions_required = IntegerField(
        "Observed sessions required",
        validators=[Optional()],
        invalid_value_message="Enter the observed sessions required as a whole number, like 2",
    )
    contact_email = SchemeForm.contact_email
    contact_phone = StringField("Contact phone (optional)", validators=[Optional(), Length(max=40)])
    contact_address = TextAreaField(
        "Contact address (optional)", validators=[Optional(), Length(max=500)]
    )
    safeguarding_lead = SchemeForm.safeguarding_lead
    safeguarding_deputy = SchemeForm.safeguarding_deputy
    submit = SubmitField("Save settings")
