"""Forms for managing certificates: suspending, reinstating, proposing and deciding revocation."""

from __future__ import annotations

from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length

from lms.forms import choices
from lms.web.forms import Form, NativeDateField


class SuspendForm(Form):
    reason = TextAreaField(
        "Why is it being suspended?",
        description="Only the scheme and admins see this. The public never does.",
        validators=[InputRequired("Say why the certificate is being suspended"), Length(max=2000)],
    )
    review_date = NativeDateField(
        "Review date",
        description="When the concern will be looked at again.",
        validators=[InputRequired("Enter a review date")],
    )
    submit = SubmitField("Suspend certificate")


class ReasonForm(Form):
    reason = TextAreaField(
        "Reason",
        description="Only the scheme and admins see this. The public never does.",
        validators=[InputRequired("Give a reason"), Length(max=2000)],
    )
    submit = SubmitField("Confirm")


class DecisionForm(Form):
    decision = RadioField(
        "Decision",
        choices=choices([("approve", "Revoke the certificate"), ("decline", "Do not revoke")]),
        validators=[InputRequired("Choose whether to revoke")],
    )
    note = TextAreaField("Why?", validators=[InputRequired("Say why"), Length(max=2000)])
    submit = SubmitField("Record decision")
