"""WTForms' own messages ("Not a valid integer value.", "Not a valid choice.", "Field cannot be
longer than 200 characters.") said in plain words that name the field, for every form.

WTForms asks a field's translations for each of its built-in messages (``field.gettext``);
``lms.web.forms.Form`` gives every field a ``PlainWords`` in their place, so a message a form
does not set itself still says what is wrong and how to put it right. A message a form sets
(``InputRequired("Enter a name")``, ``invalid_choice_message=``) is used as it is.
"""

from __future__ import annotations

import re

from wtforms import DateField, DateTimeField, SelectFieldBase, SelectMultipleField
from wtforms.validators import Length, NumberRange

# The example every date field gives (see the date fields in lms/web/forms.py).
DATE_EXAMPLE = "27/03/2026"
NOT_A_DATE = f"Enter a real date, for example {DATE_EXAMPLE}"
EMAIL = "Enter an email address in the right format, like name@example.com"

# Messages WTForms %-formats after asking for them: what PlainWords gives for these has any
# "%" doubled so that formatting leaves it alone.
_FORMATTED = {
    "Field must be at least %(min)d character long.",
    "Field must be at least %(min)d characters long.",
    "Field cannot be longer than %(max)d character.",
    "Field cannot be longer than %(max)d characters.",
    "Field must be exactly %(max)d character long.",
    "Field must be exactly %(max)d characters long.",
    "Field must be between %(min)d and %(max)d characters long.",
    "Number must be at least %(min)s.",
    "Number must be at most %(max)s.",
    "Number must be between %(min)s and %(max)s.",
    "Field must be equal to %(other_name)s.",
}


def _label(field) -> str:
    """The field's label without "(optional)", as the start of a sentence."""
    text = re.sub(r"\s*\(optional\)\s*$", "", str(field.label.text)).strip()
    return text or field.name.replace("_", " ").capitalize()


def _is_question(field) -> bool:
    return _label(field).endswith("?")


def _whole_number(field) -> str:
    label = _label(field)
    if _is_question(field):
        return "Enter a whole number"
    if unit := re.fullmatch(r"(.+), in (\w+)", label):  # "Supervision interval, in weeks"
        return f"{unit[1]} must be a whole number of {unit[2]}"
    return f"{label} must be a whole number"


def _choice(field) -> str:
    if isinstance(field, SelectMultipleField):
        return "Choose only from the options shown"
    if _is_question(field):
        return "Choose one of the answers shown"
    return f"{_label(field)} must be one of the options shown"


def _required(field) -> str:
    if _is_question(field):
        return "Answer this question"
    label = _label(field)
    what = label if label[:2].isupper() else label[0].lower() + label[1:]
    verb = "Choose" if isinstance(field, SelectFieldBase) else "Enter"
    return f"{verb} {what}"


def _length(field) -> str:
    rule = next((v for v in field.validators if isinstance(v, Length)), None)
    subject = "This" if _is_question(field) else _label(field)
    if rule is None:
        return f"{subject} is not the right length"
    if rule.min == -1:
        return f"{subject} must be {rule.max:,} characters or fewer"
    if rule.max == -1:
        return f"{subject} must be at least {rule.min:,} characters"
    if rule.min == rule.max:
        return f"{subject} must be exactly {rule.max:,} characters"
    return f"{subject} must be from {rule.min:,} to {rule.max:,} characters"


def _number_range(field) -> str:
    rule = next((v for v in field.validators if isinstance(v, NumberRange)), None)
    subject = "This" if _is_question(field) else _label(field)
    if rule is None or (rule.min is None and rule.max is None):
        return f"{subject} is out of range"
    if rule.max is None:
        return f"{subject} must be {rule.min:,} or more"
    if rule.min is None:
        return f"{subject} must be {rule.max:,} or less"
    return f"{subject} must be from {rule.min:,} to {rule.max:,}"


def _equal(field) -> str:
    return f"{_label(field)} must be the same as %(other_label)s"


def _not_a_number(field) -> str:
    return (
        "Enter a number, like 3.5" if _is_question(field) else f"{_label(field)} must be a number"
    )


def _date(field) -> str:
    if isinstance(field, DateTimeField) and not isinstance(field, DateField):
        return "Enter a real date and time"
    return NOT_A_DATE


def _check(field) -> str:
    return f"Check {_label(field)} and try again" if not _is_question(field) else "Check this"


_WORDS = {
    "Not a valid integer value.": _whole_number,
    "Not a valid decimal value.": _not_a_number,
    "Not a valid float value.": _not_a_number,
    "Not a valid choice.": _choice,
    "Invalid Choice: could not coerce.": _choice,
    "'%(value)s' is not a valid choice for this field.": _choice,
    "'%(value)s' are not valid choices for this field.": _choice,
    "Invalid choice(s): one or more data inputs could not be coerced.": _choice,
    "This field is required.": _required,
    "Invalid email address.": lambda field: EMAIL,
    "Not a valid date value.": _date,
    "Not a valid datetime value.": _date,
    "Number must be at least %(min)s.": _number_range,
    "Number must be at most %(max)s.": _number_range,
    "Number must be between %(min)s and %(max)s.": _number_range,
    "Field must be equal to %(other_name)s.": _equal,
}


class PlainWords:
    """A field's translations: WTForms' messages in plain words about that field."""

    def __init__(self, field) -> None:
        self.field = field

    def gettext(self, string: str) -> str:
        if string.startswith("Field ") and "character" in string:
            words = _length(self.field)
        elif string in _WORDS:
            words = _WORDS[string](self.field)
        else:
            words = _check(self.field)  # a check lms does not use: still no library words
        if string in _FORMATTED and string != "Field must be equal to %(other_name)s.":
            words = words.replace("%", "%%")
        return words

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.gettext(singular if n == 1 else plural)
