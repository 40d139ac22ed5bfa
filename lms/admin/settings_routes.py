"""A scheme's settings page: admins for any scheme (from the schemes list), a coordinator for
their own (from their navigation)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from lms.accounts.contacts import eligible_contacts
from lms.accounts.models import Role, Scheme
from lms.accounts.services import AccountError
from lms.admin import scheme_settings as settings
from lms.admin.forms import SchemeSettingsForm
from lms.authz import role_required
from lms.extensions import db
from lms.practice.requirements import core_needs
from lms.web.forms import render_form, show_error
from lms.web.loading import get_in_scheme_or_404

bp = Blueprint("scheme_settings", __name__, url_prefix="/scheme-settings")


def _scheme_of(scheme: Scheme) -> int:
    return scheme.id


@bp.get("/")
@role_required(Role.COORDINATOR, Role.ADMIN)
def mine():
    """The coordinator's own scheme's settings; an admin chooses a scheme from the list."""
    if current_user.has_role(Role.COORDINATOR) and current_user.scheme_id is not None:
        return redirect(url_for(".edit", scheme_id=current_user.scheme_id))
    if current_user.has_role(Role.ADMIN):
        return redirect(url_for("admin.schemes"))
    abort(404)


@bp.route("/<int:scheme_id>", methods=["GET", "POST"])
@role_required(Role.COORDINATOR, Role.ADMIN)
def edit(scheme_id: int):
    scheme = get_in_scheme_or_404(Scheme, scheme_id, may=settings.may_change, scheme_of=_scheme_of)
    now = settings.current(db.session, scheme)
    form = SchemeSettingsForm(obj=None if request.method == "POST" else now)
    staff = eligible_contacts(db.session, scheme)
    form.safeguarding_lead.choices = form.safeguarding_deputy.choices = [
        (0, "Not named yet"),
        *[(person.id, person.name) for person in staff],
    ]
    if request.method == "GET":
        form.safeguarding_lead.data = now.safeguarding_lead_id or 0
        form.safeguarding_deputy.data = now.safeguarding_deputy_id or 0
    limits = settings.limits(db.session)
    for name, (low, high) in limits.items():
        field = form[name]
        extra = f" Between {low} and {high}."
        field.description = (field.description or "") + extra
    needs = core_needs(db.session)
    form.practice_hours_required.description = (
        f"Leave blank for the certificate's own {needs.hours} hours. "
        f"Between {needs.hours} and {limits['practice_hours_required'][1]}."
    )
    form.observed_sessions_required.description = (
        f"Leave blank for the certificate's own {needs.observed}. "
        f"Between {needs.observed} and {limits['observed_sessions_required'][1]}."
    )
    if form.validate_on_submit():
        chosen = settings.Settings(
            **{name: form[name].data for name in settings.SCHEME_FIELDS},
            safeguarding_lead_id=form.safeguarding_lead.data or None,
            safeguarding_deputy_id=form.safeguarding_deputy.data or None,
        )
        try:
            changed = settings.save(db.session, current_user, scheme, chosen)
        except AccountError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash(
                f"Settings for {scheme.name} saved." if changed else "Nothing was changed.",
                "success",
            )
            return redirect(url_for(".edit", scheme_id=scheme.id))
    return render_form("admin/scheme_settings.html", form, scheme=scheme, staff=staff)
