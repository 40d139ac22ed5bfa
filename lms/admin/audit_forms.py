"""The audit trail's filter form: read from the query string, so it carries no CSRF token."""

from __future__ import annotations

from wtforms import Field, SearchField, SelectField, StringField, SubmitField
from wtforms.validators import Length, ValidationError
from wtforms.widgets import TextInput

from lms.admin.audit_queries import AuditFilters
from lms.forms import choices
from lms.ukdates import parse_uk_date
from lms.web.forms import DATE_EXAMPLE, Form

# The example every date field gives; the parser still takes "27 3 2026" and 2026-03-27 too.
DATE_HINT = f"For example, {DATE_EXAMPLE}"
# Years a filter may name: wide enough for any real trail, narrow enough that a day either side
# (UK midnight in UTC, the day after "to") is still a date Python and the database can hold.
FIRST_YEAR, LAST_YEAR = 1900, 2999


class UKDateField(Field):
    """A single text box for a day, month and year; shows back exactly what was typed."""

    widget = TextInput()

    def __init__(self, label: str, **kwargs) -> None:
        kwargs.setdefault("description", DATE_HINT)
        kwargs.setdefault("render_kw", {"inputmode": "numeric", "spellcheck": "false"})
        super().__init__(label, **kwargs)
        self.raw = ""

    def process_formdata(self, valuelist: list[str]) -> None:
        self.raw = valuelist[0].strip() if valuelist else ""
        self.data = None

    def _value(self) -> str:
        return self.raw

    def pre_validate(self, form) -> None:
        if not self.raw:
            return
        name = self.label.text
        try:
            self.data = parse_uk_date(self.raw)
        except ValueError as exc:
            if str(exc) == "format":
                raise ValidationError(
                    f"{name} must be a date in numbers, day then month then year, "
                    f"for example {DATE_EXAMPLE}"
                ) from None
            raise ValidationError(f"{name} must be a real date") from None
        if not FIRST_YEAR <= self.data.year <= LAST_YEAR:
            self.data = None
            raise ValidationError(
                f"{name} must have a year from {FIRST_YEAR} to {LAST_YEAR}, "
                f"for example {DATE_EXAMPLE}"
            )


def _int_or_zero(value: object) -> int:
    return int(value) if value not in (None, "") else 0  # type: ignore[call-overload]


class AuditFilterForm(Form):
    class Meta:
        csrf = False

    q = SearchField(
        "Search",
        description="Words in the action, reason or the name of who did it",
        validators=[Length(max=200, message="Search must be 200 characters or fewer")],
    )
    action = SelectField(
        "Action", default="", invalid_choice_message="Choose an action from the list"
    )
    actor = SearchField(
        "Who did it",
        description="Name or email address",
        validators=[Length(max=254, message="Who did it must be 254 characters or fewer")],
    )
    subject_type = SelectField(
        "Subject type", default="", invalid_choice_message="Choose a subject type from the list"
    )
    subject_id = StringField(
        "Subject ID",
        validators=[Length(max=64, message="Subject ID must be 64 characters or fewer")],
        render_kw={"spellcheck": "false"},
    )
    scheme = SelectField(
        "Scheme",
        coerce=_int_or_zero,
        default=0,
        invalid_value_message="Choose a scheme from the list",
        invalid_choice_message="Choose a scheme from the list",
    )
    date_from = UKDateField("From date")
    date_to = UKDateField("To date")
    order = SelectField(
        "Order",
        choices=choices([("newest", "Newest first"), ("oldest", "Oldest first")]),
        default="newest",
        invalid_choice_message="Choose newest first or oldest first",
    )
    submit = SubmitField("Filter events")

    def validate_date_to(self, field: UKDateField) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("To date must be the same as or after the from date")

    def filters(self) -> AuditFilters:
        """The validated values as plain filters for ``queries.events_query``."""
        return AuditFilters(
            text=self.q.data or "",
            action=self.action.data or "",
            actor=self.actor.data or "",
            subject_type=self.subject_type.data or "",
            subject_id=self.subject_id.data or "",
            scheme_id=self.scheme.data or None,
            date_from=self.date_from.data,
            date_to=self.date_to.data,
            oldest_first=self.order.data == "oldest",
        )

    def query_args(self) -> dict[str, str]:
        """The filters that were filled in, as query-string arguments for links."""
        names = ("q", "action", "actor", "subject_type", "subject_id")
        args = {name: self[name].data for name in names if (self[name].data or "").strip()}
        if self.scheme.data:
            args["scheme"] = str(self.scheme.data)
        for name in ("date_from", "date_to"):
            if self[name].raw:
                args[name] = self[name].raw
        if self.order.data == "oldest":
            args["order"] = "oldest"
        return args
