"""Forms for the outbox pages: an empty form that carries the CSRF token for "Send again"."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField


class ResendForm(FlaskForm):
    submit = SubmitField("Send again")
