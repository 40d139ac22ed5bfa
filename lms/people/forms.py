"""The invitation form."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, RadioField, SelectField, StringField, SubmitField
from wtforms.validators import Email, InputRequired, Length

from lms.forms import PlainEmail, PlainName


class InviteForm(FlaskForm):
    name = StringField(
        "Full name",
        validators=[
            InputRequired("Enter the person's name"),
            PlainName("person's name"),
            Length(max=200),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    email = EmailField(
        "Email address",
        description="We will send the invitation to this address.",
        validators=[
            InputRequired("Enter the person's email address"),
            PlainEmail(),
            Email("Enter an email address in the right format, like name@example.com"),
            Length(max=254),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    role = RadioField("Role", validators=[InputRequired("Choose a role")])
    scheme = SelectField("Scheme", coerce=int, validate_choice=True)
    submit = SubmitField("Send invitation")
