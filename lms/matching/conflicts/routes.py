"""Declaring and removing conflicts from a mentee's page."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from lms.authz import role_required
from lms.extensions import db
from lms.matching import policy
from lms.matching.blueprint import MANAGERS, bp
from lms.matching.conflicts import services
from lms.matching.conflicts.forms import conflict_form
from lms.matching.fields import RecordError
from lms.matching.mentees.routes import mentee_page
from lms.matching.models import DeclaredConflict, Mentee
from lms.web.forms import ActionForm, show_error
from lms.web.loading import get_in_scheme_or_404


@bp.post("/mentees/<int:mentee_id>/conflicts")
@role_required(*MANAGERS)
def add_conflict(mentee_id: int):
    mentee = get_in_scheme_or_404(Mentee, mentee_id, may=policy.may_coordinate)
    form = conflict_form(mentee)
    if form.validate_on_submit():
        try:
            declared = services.add_conflict(
                db.session, current_user, mentee, form.mentor_id.data, form.kind.data
            )
        except RecordError as exc:
            show_error(form, exc, "mentor_id")
        else:
            db.session.commit()
            flash("Conflict recorded. They will not be matched.", "success")
            if declared.paused:
                flash(
                    "Their match has been paused, and the mentor and the scheme's coordinators "
                    "told. Open it from the list of matches below to end it.",
                    "important",
                )
            elif declared.already_paused:
                flash(
                    "Their match was already paused and stays paused. Open it from the list "
                    "of matches below to end it.",
                    "important",
                )
            return redirect(url_for(".mentee", mentee_id=mentee.id, _anchor="conflicts"))
    return mentee_page(mentee, form, 400)


def _scheme_of_conflict(conflict: DeclaredConflict) -> int | None:
    mentee = db.session.get(Mentee, conflict.mentee_id)
    return mentee.scheme_id if mentee is not None else None


@bp.post("/conflicts/<int:conflict_id>/remove")
@role_required(*MANAGERS)
def remove_conflict(conflict_id: int):
    conflict = get_in_scheme_or_404(
        DeclaredConflict, conflict_id, may=policy.may_coordinate, scheme_of=_scheme_of_conflict
    )
    mentee_id = conflict.mentee_id
    if ActionForm().validate_on_submit():
        services.remove_conflict(db.session, current_user, conflict)
        db.session.commit()
        flash("Conflict removed.", "success")
    return redirect(url_for(".mentee", mentee_id=mentee_id, _anchor="conflicts"))
