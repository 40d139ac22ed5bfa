"""The forms on /verify: a certificate number (sent by GET, so no CSRF), and a certificate file
to check (/verify/file, POST with CSRF)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
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


FILE_HINT = (
    "The certificate's PDF, or its credential (a .json file), as it was sent to you. It must be "
    "smaller than {size}."
)


class FileCheckForm(Form):
    """Sent with POST (a file cannot go in a link), so it carries a CSRF token."""

    file = FileField(
        "Upload the certificate file",
        validators=[FileRequired("Select the certificate file")],
        render_kw={"accept": ".pdf,application/pdf,.json,application/json"},
    )
    submit = SubmitField("Check file")
