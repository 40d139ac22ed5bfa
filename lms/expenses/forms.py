"""Expense forms: a claim (and its correction when queried), a coordinator's query, the
scheme's settings. Money and hours are typed as text and parsed to pence and minutes here."""

from __future__ import annotations

from wtforms import BooleanField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from lms.expenses.models import DESCRIPTION_LENGTH, KINDS
from lms.expenses.money import minutes, pence, pounds
from lms.forms import choices
from lms.web.forms import Form


class Pounds:
    """An amount in pounds and pence ("3.50"): anything else is an error saying how to write it."""

    def __init__(self, message: str = "Enter the amount in pounds and pence, like 3.50") -> None:
        self.message = message

    def __call__(self, form, field) -> None:
        if field.data and pence(field.data) is None:
            raise ValidationError(self.message)


def _hours(form, field) -> None:
    if field.data and minutes(field.data) is None:
        raise ValidationError("Enter hours as a number, like 1.5 for an hour and a half")


class _ClaimFields(Form):
    amount = StringField(
        "Amount, in pounds",
        validators=[InputRequired("Enter the amount in pounds and pence, like 3.50"), Pounds()],
    )
    description = StringField(
        "What was it for?",
        description="A few words, like 'Bus fare to the prison gate'. No details about the mentee.",
        validators=[
            InputRequired("Say what the money was for"),
            Length(max=DESCRIPTION_LENGTH, message="Keep it to 200 characters or fewer"),
        ],
    )
    hours = StringField("Paid hours", validators=[Optional(), _hours])

    def amount_pence(self) -> int | None:
        return pence(self.amount.data or "")

    def paid_minutes(self) -> int:
        return minutes(self.hours.data or "") or 0


class ClaimForm(_ClaimFields):
    kind = RadioField(
        "What are you claiming for?",
        choices=choices(KINDS.items()),
        validators=[InputRequired("Choose what you are claiming for")],
    )
    submit = SubmitField("Send claim")

    def offer(self, limits: dict[str, int | None]) -> None:
        """Offer only the kinds the scheme allows, each with its limit."""
        self.kind.choices = choices(
            (kind, f"{label} (up to £{pounds(limits[kind])})")
            for kind, label in KINDS.items()
            if limits.get(kind)
        )


class AnswerForm(_ClaimFields):
    answer = TextAreaField(
        "Your answer",
        description="Answer your coordinator's question. Change the amount or what it was for "
        "above if they need correcting.",
        validators=[
            InputRequired("Answer your coordinator's question"),
            Length(max=2000, message="Keep your answer to 2,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Send answer")


class QueryForm(Form):
    question = TextAreaField(
        "Your question for the mentor",
        description="Say what is unclear and what they should do, like 'Please say which bus'.",
        validators=[
            InputRequired("Write the question the mentor needs to answer"),
            Length(max=2000, message="Keep the question to 2,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Query claim")


class SettingsForm(Form):
    travel_allowed = BooleanField(f"Mentors may claim for {KINDS['travel'].lower()}")
    travel_limit = StringField("Limit per claim for travel, in pounds", validators=[Pounds()])
    phone_allowed = BooleanField(f"Mentors may claim for {KINDS['phone'].lower()}")
    phone_limit = StringField("Limit per claim for phone credit, in pounds", validators=[Pounds()])
    refreshments_allowed = BooleanField(f"Mentors may claim for {KINDS['refreshments'].lower()}")
    refreshments_limit = StringField(
        "Limit per claim for refreshments, in pounds", validators=[Pounds()]
    )
    other_allowed = BooleanField(f"Mentors may claim for {KINDS['other'].lower()}")
    other_limit = StringField("Limit per claim for other costs, in pounds", validators=[Pounds()])
    pays_sessional = BooleanField(
        "This scheme pays sessional mentors for their hours",
        description="Mentors then add paid hours to a claim, up to the length of the contact.",
    )
    hourly_rate = StringField(
        "Hourly rate, in pounds", validators=[Pounds("Enter the hourly rate, like 12.21")]
    )
    submit = SubmitField("Save settings")

    def limits(self) -> dict[str, int | None]:
        """Each kind's limit in pence when it is ticked; None when it is not."""
        chosen = {}
        for kind in KINDS:
            allowed = self[f"{kind}_allowed"].data
            chosen[kind] = (pence(self[f"{kind}_limit"].data or "") or 0) if allowed else None
        return chosen
