"""The scheme's expense settings page: an admin chooses any scheme, a coordinator has theirs."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from lms.accounts.models import Role, Scheme
from lms.authz import role_required
from lms.expenses.blueprint import bp
from lms.expenses.forms import SettingsForm
from lms.expenses.models import KINDS
from lms.expenses.money import pence, pounds
from lms.expenses.settings import (
    ExpenseError,
    SettingsDetails,
    may_manage,
    save_settings,
    settings_for,
)
from lms.extensions import db
from lms.web.forms import render_form, show_error
from lms.web.loading import get_in_scheme_or_404

MANAGERS = (Role.COORDINATOR, Role.ADMIN)


@bp.get("/settings")
@role_required(*MANAGERS)
def settings_index():
    """An admin picks a scheme; a coordinator goes straight to their own scheme's settings."""
    if not current_user.has_role(Role.ADMIN):
        return redirect(url_for(".settings", scheme_id=current_user.scheme_id))
    schemes = db.session.scalars(select(Scheme).order_by(Scheme.name)).all()
    return render_template("expenses/schemes.html", schemes=schemes)


def _fill(form: SettingsForm, scheme_id: int) -> None:
    saved = settings_for(db.session, scheme_id)
    for kind in KINDS:
        limit = saved.limit(kind)
        form[f"{kind}_allowed"].data = limit is not None
        form[f"{kind}_limit"].data = pounds(limit) if limit else ""
    form.pays_sessional.data = saved.pays_sessional
    form.hourly_rate.data = pounds(saved.hourly_rate) if saved.pays_sessional else ""


@bp.route("/settings/<int:scheme_id>", methods=["GET", "POST"])
@role_required(*MANAGERS)
def settings(scheme_id: int):
    scheme = get_in_scheme_or_404(Scheme, scheme_id, may=may_manage, scheme_of=lambda s: s.id)
    form = SettingsForm()
    if not form.is_submitted():
        _fill(form, scheme.id)
    elif form.validate():
        details = SettingsDetails(
            limits=form.limits(),
            pays_sessional=bool(form.pays_sessional.data),
            hourly_rate=pence(form.hourly_rate.data or ""),
        )
        try:
            save_settings(db.session, current_user, scheme.id, details)
        except ExpenseError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            flash("The expense settings are saved.", "success")
            return redirect(url_for(".settings", scheme_id=scheme.id))
    return render_form("expenses/settings.html", form, scheme=scheme)
