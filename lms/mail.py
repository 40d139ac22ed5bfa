"""Sending email through Flask-Mailman from plain-text templates."""

from __future__ import annotations

import logging

from flask import current_app, render_template
from flask_mailman import EmailMessage

log = logging.getLogger(__name__)


def send(to: str, subject: str, template: str, **context: object) -> None:
    """Render ``templates/email/<template>.txt`` and send it to one address."""
    body = render_template(f"email/{template}.txt", **context)
    message = EmailMessage(
        subject=subject,
        body=body,
        from_email=current_app.config["MAIL_DEFAULT_SENDER"],
        to=[to],
    )
    message.send()
    log.info("Sent %s email to person at %s", template, to.split("@")[-1])
