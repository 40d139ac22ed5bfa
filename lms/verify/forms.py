"""The form on /verify: one field for a certificate number, sent by GET so it needs no CSRF."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import Field, StringField, SubmitField
from wtforms.validators import InputRequired, ValidationError

from lms.certificates import number as numbers
from lms.web.forms import Form

EXAMPLE = "PM-7K3Q-9XWD-H"
HINT = (
    f"It is on the certificate, like {EXAMPLE}. Capital letters, spaces and dashes do not matter."
)
NOT_A_NUMBER = f"Check the certificate number. It starts with PM and has 3 groups, like {EXAMPLE}."


def _well_formed(form: FlaskForm, field: Field) -> None:
    if not numbers.is_valid(field.data):
        raise ValidationError(NOT_A_NUMBER)


class VerifyForm(Form):
    """Sent with GET: it changes nothing, and a link to a filled-in form keeps working."""

    class Meta:
        csrf = False

    number = StringField(
        "Certificate number",
        description=HINT,
        validators=[InputRequired("Enter the certificate number"), _well_formed],
        render_kw={
            "autocomplete": "off",
            "spellcheck": "false",
            "autocapitalize": "characters",
            "maxlength": "64",
        },
    )
    submit = SubmitField("Check certificate")
