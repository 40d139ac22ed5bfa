"""Declaring and removing conflicts from a mentee's page."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from lms.authz import role_required
from lms.extensions import db
from lms.matching import policy
from lms.matching.blueprint import MANAGERS, bp
from lms.matching.conflicts import services
from lms.matching.conflicts.forms import ConflictForm
from lms.matching.fields import RecordError
from lms.matching.mentors.services import scheme_mentors
from lms.matching.models import DeclaredConflict, Mentee
from lms.web.forms import ActionForm, flash_error
from lms.web.loading import get_in_scheme_or_404


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


@bp.post("/mentees/<int:mentee_id>/conflicts")
@role_required(*MANAGERS)
def add_conflict(mentee_id: int):
    mentee = get_in_scheme_or_404(Mentee, mentee_id, may=policy.may_coordinate)
    form = conflict_form(mentee)
    if form.validate_on_submit():
        try:
            conflict = services.add_conflict(
                db.session, current_user, mentee, form.mentor_id.data, form.kind.data
            )
        except RecordError as exc:
            # The page is shown again by a redirect, so the message goes in a banner.
            flash_error(exc)
        else:
            open_match = services.open_match_between(db.session, conflict.mentor_id, mentee.id)
            db.session.commit()
            flash("Conflict recorded. They will not be matched.", "success")
            if open_match is not None:
                flash(
                    "They already have a match that is not ended: open it from the list of "
                    "matches below and end it.",
                    "important",
                )
    else:
        flash("Choose a mentor and what the conflict is.", "important")
    return redirect(url_for(".mentee", mentee_id=mentee.id, _anchor="conflicts"))


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
