"""Concern pages: the concerns mentors flagged that nobody has looked at yet, and marking one
looked at (a POST, from this list or from the coordinator's match page)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.extensions import db
from lms.matching import policy
from lms.matching.blueprint import bp, list_scheme_id
from lms.matching.concerns import services
from lms.matching.matches.services import MatchError
from lms.matching.models import CONTACT_KINDS, ContactLog
from lms.web.forms import ActionForm, flash_error
from lms.web.loading import get_in_scheme_or_404

REVIEWERS = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)  # the lead may be any staff member


def _may_review(actor, scheme_id) -> bool:
    return services.may_review(db.session, actor, scheme_id)


@bp.get("/concerns")
@role_required(*REVIEWERS)
def concerns():
    scheme_id = list_scheme_id()
    allowed = current_user.has_role(Role.ADMIN) or _may_review(current_user, scheme_id)
    found = services.open_concerns(db.session, scheme_id) if allowed else []
    return render_template(
        "matching/concerns.html",
        allowed=allowed,
        concerns=found,
        kinds=CONTACT_KINDS,
        form=ActionForm(),
        coordinates=lambda c: policy.may_coordinate(current_user, c.match.scheme_id),
    )


@bp.post("/concerns/<int:contact_id>/looked-at")
@role_required(*REVIEWERS)
def concern_looked_at(contact_id: int):
    contact = get_in_scheme_or_404(
        ContactLog, contact_id, may=_may_review, scheme_of=lambda c: c.match.scheme_id
    )
    back = url_for(".concerns")
    if policy.may_coordinate(current_user, contact.match.scheme_id):
        back = url_for(".match", match_id=contact.match_id)
    if not ActionForm().validate_on_submit():
        return redirect(back)
    try:
        services.mark_reviewed(db.session, current_user, contact)
    except MatchError as exc:
        flash_error(exc)
    else:
        db.session.commit()
        flash("Concern marked as looked at. Your name and the time are recorded.", "success")
    return redirect(back)
