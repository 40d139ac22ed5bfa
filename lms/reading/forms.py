"""The reading settings form: three sets of radios and where to go back to."""

from __future__ import annotations

from wtforms import HiddenField, RadioField, SubmitField
from wtforms.validators import InputRequired

from lms.forms import choices as pairs
from lms.reading.settings import BACKGROUNDS, LINE_SPACINGS, TEXT_SIZES
from lms.web.forms import Form


def _radios(label: str, choices: dict[str, str], required: str) -> RadioField:
    return RadioField(
        label,
        choices=pairs(choices.items()),
        validators=[InputRequired(required)],
        invalid_choice_message=f"Choose one of the {label.lower()} options shown",
    )


class ReadingSettingsForm(Form):
    text_size = _radios("Text size", TEXT_SIZES, "Choose a text size")
    line_spacing = _radios("Line spacing", LINE_SPACINGS, "Choose the line spacing")
    background = _radios("Background colour", BACKGROUNDS, "Choose a background colour")
    back = HiddenField()
    submit = SubmitField("Save settings")
