"""Forms for writing scenario answers, marking them against a rubric, recording oral answers
and resolving disagreements; field checks call the service rules so the messages match."""

from __future__ import annotations

from typing import Any

from wtforms import RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from lms.assessment import oral
from lms.assessment.answer_rules import MAX_CHARS
from lms.forms import choices
from lms.ukdates import uk_today
from lms.web.forms import NOT_A_DATE, Form, PlainDateField


class AnswerForm(Form):
    answer = TextAreaField(
        "Your answer",
        validators=[
            Length(
                max=MAX_CHARS,
                message=f"Your answer is too long to save. Keep it to {MAX_CHARS:,} letters "
                "and spaces or fewer.",
            )
        ],
    )
    save = SubmitField("Save draft")
    send = SubmitField("Send for marking")


def mark_form(rubric: list[dict[str, Any]]) -> type[Form]:
    """A form class with, for each rubric criterion, met or not met and a comment, then the
    overall result and the feedback (made in page order, so the error summary follows it)."""
    fields: dict[str, Any] = {}
    for index, criterion in enumerate(rubric):
        fields[f"met_{index}"] = RadioField(
            criterion["criterion"],
            choices=choices([("yes", "Met"), ("no", "Not met")]),
            validators=[InputRequired("Say whether this criterion is met")],
            invalid_choice_message="Say whether this criterion is met: met or not met",
        )
        fields[f"comment_{index}"] = TextAreaField(
            "Comment (optional)", validators=[Optional(), Length(max=2000)]
        )
    fields["outcome"] = RadioField(
        "Overall result",
        choices=choices([("pass", "Pass"), ("refer", "Refer: the trainee tries again")]),
        validators=[InputRequired("Choose pass or refer")],
        invalid_choice_message="Choose pass or refer",
    )
    fields["feedback"] = TextAreaField(
        "Feedback to the trainee",
        description="The trainee reads this. Say what was good and what to work on.",
        validators=[InputRequired("Write feedback for the trainee"), Length(max=5000)],
    )
    fields["submit"] = SubmitField("Save mark")
    return type("MarkForm", (Form,), fields)


class OralFields(Form):
    """How and when the trainee answered out loud, and the trainer's notes (the evidence)."""

    channel = RadioField(
        "How did the trainee answer?",
        choices=choices(oral.CHANNELS.items()),
        validate_choice=False,
    )
    oral_on = PlainDateField(
        "Date they answered",
        description="The day they answered. It cannot be in the future.",
    )
    notes = TextAreaField(
        "Your notes of what the trainee said",
        description=f"These notes are the evidence for your mark. Write down what they said, "
        f"in their words where you can, at least {oral.MIN_NOTES_WORDS} words.",
        validators=[Length(max=oral.MAX_NOTES)],
    )

    def validate_channel(self, field) -> None:
        problem = oral.channel_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_oral_on(self, field) -> None:
        if field.raw_data and field.raw_data[0] and field.data is None:
            raise ValidationError(NOT_A_DATE)
        problem = oral.date_problem(field.data, self.trainee, uk_today())
        if problem:
            raise ValidationError(problem)

    def validate_notes(self, field) -> None:
        problem = oral.notes_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def answer(self) -> oral.OralAnswer:
        return oral.OralAnswer(
            channel=self.channel.data or "",
            oral_on=self.oral_on.data,
            notes=self.notes.data or "",
        )


def oral_form(rubric: list[dict[str, Any]], trainee) -> Form:
    """The oral answer's form: how, when and the notes, then the rubric marks as for marking."""

    class OralForm(OralFields, mark_form(rubric)):
        pass

    form = OralForm()
    form.trainee = trainee
    return form


class ChooseOralForm(Form):
    """The first step of recording an oral answer: which trainee, which scenario (a GET form)."""

    class Meta:
        csrf = False  # it only chooses what the next page shows; that page's form has CSRF

    person = SelectField("Trainee", validate_choice=False)
    scenario = SelectField("Scenario", validate_choice=False)

    def setup(self, trainees, scenarios, *, show_schemes: bool) -> None:
        """Fill the selects; an admin sees trainees of every scheme, so each names its scheme."""

        def label(person) -> str:
            scheme = person.scheme.name if show_schemes and person.scheme else ""
            return f"{person.name} ({scheme})" if scheme else person.name

        self.person.choices = choices(
            [("", "Choose a trainee")] + [(p.id, label(p)) for p in trainees]
        )
        self.scenario.choices = choices(
            [("", "Choose a scenario")]
            + [
                (f"{m.slug}/{s.key}", f"{s.title} ({m.current_version.title})")
                for m, s in scenarios
            ]
        )
        self._people = {str(p.id) for p in trainees}
        self._scenarios = {f"{m.slug}/{s.key}" for m, s in scenarios}

    def validate_person(self, field) -> None:
        if field.data not in self._people:
            raise ValidationError("Choose the trainee who answered")

    def validate_scenario(self, field) -> None:
        if field.data not in self._scenarios:
            raise ValidationError("Choose the scenario they answered")


class ResolveForm(Form):
    """A lead trainer's agreed outcome for a flagged disagreement, and why."""

    outcome = RadioField(
        "Agreed outcome",
        choices=choices([("pass", "Pass"), ("refer", "Refer: the trainee tries again")]),
        validators=[InputRequired("Choose the agreed outcome: pass or refer")],
    )
    reason = TextAreaField(
        "Why is this the agreed outcome?",
        description="Say which criteria decided it. This is kept in the audit trail and shown "
        "to both markers; the trainee is told the agreed result.",
        validators=[
            InputRequired("Say why this is the agreed outcome"),
            Length(max=2000, message="Keep the reason under 2,000 characters"),
        ],
    )
    submit = SubmitField("Save the agreed outcome")
