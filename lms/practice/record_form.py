"""The form a trainer records a session they supervised with: the trainee, the session's
details and, for an observed session, the checklist they observed it against. The checklist
is answered only for observed sessions, so the service (lms/practice/observation.py), not the
form, says what is missing from it."""

from __future__ import annotations

from wtforms import RadioField, SelectField, TextAreaField
from wtforms.validators import Length

from lms.forms import choices
from lms.practice.checklist import OBSERVATION_CHECKLIST, OUTCOMES
from lms.practice.forms import MET_CHOICES, EntryForm, _int_or_zero
from lms.practice.observation import ItemResult, Observation

OBSERVED = "observed"

# Made before the outcome and comments so the checklist comes first on the page and in errors.
_ITEM_FIELDS = {}
for _item in OBSERVATION_CHECKLIST:
    _ITEM_FIELDS[f"met_{_item.id}"] = RadioField(
        _item.text, choices=MET_CHOICES, validate_choice=False
    )
    _ITEM_FIELDS[f"comment_{_item.id}"] = TextAreaField(
        f"Comment on '{_item.text.lower()}' (optional)",
        validators=[Length(max=1000, message="Write 1,000 characters or fewer")],
    )


class RecordForm(EntryForm):
    """A session a trainer supervised, recorded for a trainee of their scheme."""

    trainee = SelectField("Trainee", coerce=_int_or_zero, validate_choice=False)
    outcome = RadioField(
        "Overall outcome of the observed session",
        choices=choices(OUTCOMES.items()),
        description="Passed only if every item is met.",
        validate_choice=False,
    )
    comments = TextAreaField(
        "Comments for the trainee",
        description="Needed if the outcome is not yet: say what to work on.",
        validators=[Length(max=4000, message="Write 4,000 characters or fewer")],
    )

    def item_fields(self):
        """(item, met field, comment field) for every checklist item, in order."""
        return [
            (item, self[f"met_{item.id}"], self[f"comment_{item.id}"])
            for item in OBSERVATION_CHECKLIST
        ]

    def observation(self) -> Observation | None:
        """The checklist as answered, for an observed session; None for any other kind.
        Items answered neither met nor not met are left out, so the service names them."""
        if self.kind.data != OBSERVED:
            return None
        results = {
            item.id: ItemResult(met=met.data == "yes", comment=comment.data or "")
            for item, met, comment in self.item_fields()
            if met.data in ("yes", "no")
        }
        return Observation(results, self.outcome.data or "", self.comments.data or "")


for _name, _field in _ITEM_FIELDS.items():
    setattr(RecordForm, _name, _field)
