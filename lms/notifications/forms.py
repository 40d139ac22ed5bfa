"""The Notification settings form: how the person wants to hear by email."""

from __future__ import annotations

from wtforms import RadioField, SubmitField
from wtforms.validators import InputRequired

from lms.forms import choices
from lms.notifications.models import EMAIL_CHOICES
from lms.web.forms import Form


class SettingsForm(Form):
    email_choice = RadioField(
        "How do you want to hear about notifications by email?",
        choices=choices(EMAIL_CHOICES.items()),
        validators=[InputRequired("Choose how you want to hear by email")],
        description=(
            "Emails about a safeguarding concern are always sent straight away. Trainers and "
            "coordinators also get one email a day saying what work is waiting, unless they "
            "choose no emails."
        ),
    )
    submit = SubmitField("Save settings")
