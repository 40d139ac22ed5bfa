"""Withdrawing a logged practice session, with a confirmation step: the GET page says what
withdrawing does, and only its POST withdraws (``lms/practice/routes.py`` adds the view)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.extensions import db
from lms.practice import services
from lms.practice.models import PracticeEntry
from lms.web.forms import ActionForm, flash_error
from lms.web.loading import get_own_or_404


@role_required(Role.TRAINEE)
def withdraw(entry_id: int):
    entry = get_own_or_404(PracticeEntry, entry_id)
    if request.method == "GET":
        if entry.status not in services.EDITABLE:
            flash(services.locked_message(entry), "important")
            return redirect(url_for(".entry", entry_id=entry.id))
        return render_template("practice/confirm_withdraw.html", entry=entry, form=ActionForm())
    if ActionForm().validate_on_submit():
        try:
            services.withdraw_entry(db.session, current_user, entry)
        except services.PracticeError as exc:
            flash_error(exc)
        else:
            db.session.commit()
            flash("Session withdrawn. It will not be counted.", "success")
    return redirect(url_for(".entry", entry_id=entry_id))
