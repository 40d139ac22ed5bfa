"""Forms for signing in, choosing a password, asking for a reset link and adding an email."""

from __future__ import annotations

from wtforms import EmailField, HiddenField, PasswordField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from lms.forms import PlainEmail
from lms.web.forms import Form


class SignInForm(Form):
    # "email" names the field for the existing sign-in (and its rate limit); a username works too.
    email = StringField(
        "Email address or username",
        validators=[
            InputRequired("Enter your email address or username"),
            PlainEmail(),
            Length(max=254),
        ],
        render_kw={"autocomplete": "username", "spellcheck": "false", "autocapitalize": "none"},
    )
    password = PasswordField(
        "Password",
        description="First time with a sign-in card? Type the code from the card here.",
        validators=[InputRequired("Enter your password"), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
    submit = SubmitField("Sign in")


class ChoosePasswordForm(Form):
    password = PasswordField(
        "New password",
        description="At least 12 characters. Three or four random words are easy to remember.",
        validators=[InputRequired("Enter a new password"), Length(max=256)],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Type the password again",
        validators=[
            InputRequired("Type the password again"),
            EqualTo("password", "The two passwords do not match"),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    submit = SubmitField("Save password")


class ForgotPasswordForm(Form):
    email = EmailField(
        "Email address",
        validators=[
            InputRequired("Enter your email address"),
            PlainEmail(),
            Email("Enter an email address in the right format, like name@example.com"),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    submit = SubmitField("Send me a link")


class AddEmailForm(Form):
    """An email address for an account made with a username only."""

    email = EmailField(
        "Email address",
        description="You can then sign in with it, and get emails from the site.",
        validators=[
            InputRequired("Enter an email address"),
            PlainEmail(),
            Email("Enter an email address in the right format, like name@example.com"),
            Length(max=254),
        ],
        render_kw={"autocomplete": "email", "spellcheck": "false"},
    )
    submit = SubmitField("Send me a link to confirm it")
