"""The form for declaring a conflict between a mentor and a mentee, and building it for a page."""

from __future__ import annotations

from flask_login import current_user
from wtforms import RadioField, SelectField, SubmitField
from wtforms.validators import InputRequired

from lms.extensions import db
from lms.forms import choices
from lms.matching.mentors.services import scheme_mentors
from lms.matching.models import CONFLICT_KINDS, Mentee
from lms.web.forms import Form

CHOOSE_MENTOR = "Choose a mentor from your scheme"
CHOOSE_KIND = "Choose what the conflict is"


class ConflictForm(Form):
    mentor_id = SelectField(
        "Mentor",
        coerce=int,
        validators=[InputRequired(CHOOSE_MENTOR)],
        invalid_value_message=CHOOSE_MENTOR,
        invalid_choice_message=CHOOSE_MENTOR,
    )
    kind = RadioField(
        "What is the conflict?",
        choices=choices(CONFLICT_KINDS.items()),
        validators=[InputRequired(CHOOSE_KIND)],
        invalid_choice_message=CHOOSE_KIND,
    )
    submit = SubmitField("Record conflict")


def conflict_form(mentee: Mentee) -> ConflictForm:
    """The conflict form for the mentee's page, offering the scheme's mentors."""
    form = ConflictForm()
    form.mentor_id.choices = [
        (0, "Choose a mentor"),
        # Nobody declares conflicts of their own (lms/accounts/duties.py), so they are not offered.
        *[
            (m.id, m.name)
            for m in scheme_mentors(db.session, mentee.scheme_id)
            if m.id != current_user.id
        ],
    ]
    return form
