"""Resolving a flagged disagreement: a lead trainer or admin sees both marks side by side and
records the agreed outcome and why."""

from __future__ import annotations

from flask import abort, flash, redirect, session, url_for
from flask_login import current_user
from markupsafe import Markup

from lms.accounts.models import Role
from lms.assessment import disagreements, services
from lms.assessment.blueprint import bp, submission_for_staff
from lms.assessment.forms import ResolveForm
from lms.assessment.models import FIRST, PASS, REFER, SECOND
from lms.authz import role_required
from lms.extensions import db
from lms.web.forms import render_form, show_error


@bp.route("/submissions/<int:submission_id>/resolve", methods=["GET", "POST"])
@role_required(Role.TRAINER, Role.ADMIN)
def resolve(submission_id: int):
    if not services.may_second_mark(current_user):
        abort(403)
    submission = submission_for_staff(submission_id)
    back = url_for(".submission", submission_id=submission.id)
    reason = disagreements.refusal(current_user, submission)  # their own answer: 403
    if reason and not submission.flagged:
        flash(reason, "important")
        return redirect(back)
    form = ResolveForm()
    previous = submission.outcome
    review = disagreements.certificates_relying(db.session, submission) if previous == PASS else []
    if reason is None and form.validate_on_submit():
        try:
            disagreements.resolve(
                db.session, current_user, submission, form.outcome.data, form.reason.data
            )
            db.session.commit()
        except services.AssessmentError as exc:
            show_error(form, exc)  # no field: the error summary; what was typed is kept
        else:
            first = submission.mark_of(FIRST)
            told = (
                " The trainee has been told the new result."
                if first and (first.outcome != submission.outcome)
                else ""
            )
            saved = Markup("Agreed outcome saved.{}").format(told)
            if review and (previous, submission.outcome) == (PASS, REFER):
                saved += Markup(" ") + to_review(review)
            flash(saved, "success")
            return redirect(url_for(".second_marking"))
    return render_form(
        "assessment/resolve.html",
        form,
        refused=reason is not None,
        submission=submission,
        first=submission.mark_of(FIRST),
        second=submission.mark_of(SECOND),
        reason=reason,
        review=review,
        blind=session.get("blind_marking", False),
    )


def to_review(numbers: list[str]) -> Markup:
    """The banner after a pass became a refer: the certificates that needed it, linked."""
    links = Markup(", ").join(
        Markup('<a class="govuk-link" href="{}">{}</a>').format(
            url_for("certificates.certificate", number=n), n
        )
        for n in numbers
    )
    which = "certificate" if len(numbers) == 1 else "certificates"
    return Markup(
        "The trainee's current {} {} needed a pass in this scenario and should be reviewed. "
        "Nothing has been suspended or revoked."
    ).format(which, links)
