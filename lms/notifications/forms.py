"""The Notification settings form: how the person wants to hear by email."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from lms.forms import choices
from lms.notifications.models import EMAIL_CHOICES


class SettingsForm(FlaskForm):
    email_choice = RadioField(
        "How do you want to hear about notifications by email?",
        choices=choices(EMAIL_CHOICES.items()),
        validators=[InputRequired("Choose how you want to hear by email")],
        description="Emails about a safeguarding concern are always sent straight away.",
    )
    submit = SubmitField("Save settings")
