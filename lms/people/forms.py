"""The invitation form, the form adding a trainee without email, and the new-card form."""

from __future__ import annotations

from wtforms import EmailField, RadioField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import Email, InputRequired, Length

from lms.forms import PlainEmail, PlainName
from lms.web.forms import Form


class InviteForm(Form):
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
    role = RadioField(
        "Role",
        validators=[InputRequired("Choose a role")],
        invalid_choice_message="Choose one of the roles shown: they are the ones you may invite",
    )
    scheme = SelectField(
        "Scheme",
        coerce=int,
        validate_choice=True,
        invalid_value_message="Choose one of the schemes shown",
        invalid_choice_message="Choose one of the schemes shown",
    )
    submit = SubmitField("Send invitation")


class NewTraineeForm(Form):
    """A trainee without an email address: a name and a username for their sign-in card."""

    name = StringField(
        "Full name",
        validators=[
            InputRequired("Enter the trainee's name"),
            PlainName("trainee's name"),
            Length(max=200),
        ],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    username = StringField(
        "Username",
        description="What they type to sign in. 3 to 30 letters, numbers, dots or hyphens, "
        "like jo.smith. Easy to read and type.",
        validators=[InputRequired("Enter a username"), Length(max=30)],
        render_kw={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"},
    )
    scheme = SelectField(
        "Scheme",
        coerce=int,
        validate_choice=True,
        invalid_value_message="Choose one of the schemes shown",
        invalid_choice_message="Choose one of the schemes shown",
    )
    submit = SubmitField("Add trainee and make their sign-in card")


class NewCardForm(Form):
    """Printing a new sign-in card: why (kept in the audit trail)."""

    reason = TextAreaField(
        "Why do they need a new card?",
        description="For example: forgot their password, or lost their card.",
        validators=[InputRequired("Say why they need a new sign-in card"), Length(max=500)],
    )
    submit = SubmitField("Print a new sign-in card")
