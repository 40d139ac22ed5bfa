"""Forms for practice pages; field checks call the service rules so the messages match."""

from __future__ import annotations

from datetime import UTC, datetime

from wtforms import (
    HiddenField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, ValidationError

from lms.forms import choices
from lms.practice import services
from lms.practice.checklist import OBSERVATION_CHECKLIST, OUTCOMES
from lms.practice.models import PRACTICE_PATHWAYS, SESSION_KINDS
from lms.ukdates import uk_today
from lms.web.forms import NOT_A_DATE, Form, MultiCheckboxField, PlainDateField


def _int_or_zero(value: object) -> int:
    try:
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 0


class EntryForm(Form):
    """Logging or changing one supervised practice session."""

    session_date = PlainDateField(
        "Date of the session",
        description="The day you did it. It cannot be a day in the future.",
    )
    duration = SelectField(
        "How long was the session?",
        description="Choose the nearest 15 minutes. Do not count travel time.",
        coerce=_int_or_zero,
        validate_choice=False,
    )
    kind = RadioField(
        "Type of session",
        choices=choices(SESSION_KINDS.items()),
        invalid_choice_message="Choose the type of session",
    )
    location = StringField(
        "Where was the session?",
        description="For example, the prison gate or the probation office in town. "
        "Do not write the mentee's name.",
        validators=[Length(max=200, message="Where must be 200 characters or fewer")],
    )
    supervisor = SelectField(
        "Trainer who supervised you",
        description="They will be asked to confirm the session.",
        coerce=_int_or_zero,
        validate_choice=False,
    )
    pathway = RadioField(
        "Who was the session with?",
        description="Sessions with the people of an optional pathway count towards its "
        "endorsement as well as the Peer Mentor Certificate.",
        choices=choices(
            [("none", "Adults: general mentoring practice"), *PRACTICE_PATHWAYS.items()]
        ),
        default="none",
        invalid_choice_message="Choose who the session was with",
    )
    reflection = TextAreaField(
        "What did you do, and what did you learn?",
        description=f"Write at least {services.MIN_REFLECTION_WORDS} words. Say what happened, "
        "how you helped, what went well and what you would do differently. "
        "Use first names only.",
        validators=[Length(max=10000, message="Write 10,000 characters or fewer")],
    )

    def setup(self, supervisors) -> None:
        """Fill the selects: every 15 minutes up to 12 hours, and the scheme's trainers."""
        self.duration.choices = choices([(0, "Choose a time"), *services.duration_choices()])
        self.supervisor.choices = choices(
            [(0, "Choose a trainer")] + [(p.id, p.name) for p in supervisors]
        )
        self._supervisor_ids = {p.id for p in supervisors}

    def validate_session_date(self, field) -> None:
        if field.raw_data and field.raw_data[0] and field.data is None:
            raise ValidationError(NOT_A_DATE)
        problem = services.date_problem(field.data, uk_today())
        if problem:
            raise ValidationError(problem)

    def validate_duration(self, field) -> None:
        problem = services.duration_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_location(self, field) -> None:
        problem = services.location_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_supervisor(self, field) -> None:
        if not self._supervisor_ids:
            raise ValidationError("There is no trainer in your scheme yet. Ask your coordinator.")
        if field.data not in self._supervisor_ids:
            raise ValidationError("Choose the trainer from your scheme who supervised the session")

    def validate_reflection(self, field) -> None:
        problem = services.reflection_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def details(self) -> services.EntryDetails:
        return services.EntryDetails(
            session_date=self.session_date.data,
            duration_minutes=self.duration.data,
            kind=self.kind.data or "",
            location=self.location.data or "",
            reflection=self.reflection.data or "",
            supervisor_id=self.supervisor.data or None,
            pathway=None if self.pathway.data in (None, "", "none") else self.pathway.data,
        )

    def load(self, entry) -> None:
        self.session_date.data = entry.session_date
        self.duration.data = entry.duration_minutes
        self.kind.data = entry.kind
        self.location.data = entry.location
        self.supervisor.data = entry.supervisor_id
        self.reflection.data = entry.reflection
        self.pathway.data = entry.pathway or "none"


def seen_now() -> str:
    """When a trainer opened a page, carried in the form so later edits are noticed."""
    return datetime.now(UTC).isoformat()


def parse_seen(value: str | None) -> datetime | None:
    """The time a form says its page was opened, or None if missing or not a UTC time."""
    try:
        seen = datetime.fromisoformat(value or "")
    except ValueError:
        return None
    return seen if seen.tzinfo is not None else None


class DecisionForm(Form):
    """The named trainer confirms or sends back one session."""

    decision = RadioField(
        "Your decision",
        choices=choices(
            [
                ("confirm", "Confirm: it happened as written"),
                ("reject", "Reject: send it back to the trainee to correct"),
            ]
        ),
        invalid_choice_message="Choose confirm or reject",
    )
    reason = TextAreaField(
        "Reason",
        description="Needed if you send it back: say what to correct. The trainee will see it.",
        validators=[Length(max=2000, message="Write 2,000 characters or fewer")],
    )
    seen = HiddenField()
    submit = SubmitField("Save decision")


class BulkConfirmForm(Form):
    # Entry ids, not choices: unknown ids are left to the service to refuse.
    entries = MultiCheckboxField("Sessions to confirm", coerce=_int_or_zero, validate_choice=False)
    seen = HiddenField()
    submit = SubmitField("Confirm selected sessions")


MET_CHOICES = choices([("yes", "Met"), ("no", "Not met")])

# Made before SignOffForm's own fields so the checklist comes first on the page and in errors.
_ITEM_FIELDS = {}
for _item in OBSERVATION_CHECKLIST:
    _ITEM_FIELDS[f"met_{_item.id}"] = RadioField(
        _item.text,
        choices=MET_CHOICES,
        invalid_choice_message=f"Say whether this was met: {_item.text.lower()}",
    )
    _ITEM_FIELDS[f"comment_{_item.id}"] = TextAreaField(
        f"Comment on '{_item.text.lower()}' (optional)",
        validators=[Length(max=1000, message="Write 1,000 characters or fewer")],
    )


class SignOffForm(Form):
    """The observation checklist: each item met or not, with a comment; then the outcome."""

    outcome = RadioField(
        "Overall outcome",
        choices=choices(OUTCOMES.items()),
        description="Passed only if every item is met.",
        invalid_choice_message="Choose passed or not yet",
    )
    comments = TextAreaField(
        "Comments for the trainee",
        description="Needed if the outcome is not yet: say what to work on.",
        validators=[Length(max=4000, message="Write 4,000 characters or fewer")],
    )
    seen = HiddenField()
    submit = SubmitField("Sign off and confirm the hours")

    def item_fields(self):
        """(item, met field, comment field) for every checklist item, in order."""
        return [
            (item, self[f"met_{item.id}"], self[f"comment_{item.id}"])
            for item in OBSERVATION_CHECKLIST
        ]

    def results(self) -> dict[str, services.ItemResult]:
        return {
            item.id: services.ItemResult(met=met.data == "yes", comment=comment.data or "")
            for item, met, comment in self.item_fields()
        }


for _name, _field in _ITEM_FIELDS.items():
    setattr(SignOffForm, _name, _field)
