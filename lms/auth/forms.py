"""Forms for signing in, choosing a password and asking for a reset link."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from lms.forms import PlainEmail


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        validators=[InputRequired("Enter your email address"), PlainEmail(), Length(max=254)],
        render_kw={"autocomplete": "username", "spellcheck": "false"},
    )
    password = PasswordField(
        "Password",
        validators=[InputRequired("Enter your password"), Length(max=256)],
        render_kw={"autocomplete": "current-password"},
    )
    next = HiddenField()
    submit = SubmitField("Sign in")


class ChoosePasswordForm(FlaskForm):
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


class ForgotPasswordForm(FlaskForm):
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
