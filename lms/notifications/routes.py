"""Pages for a person's own notifications: the list, marking as read, and email settings."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user, login_required

from lms.extensions import db
from lms.notifications import services
from lms.notifications.forms import SettingsForm
from lms.notifications.models import Notification
from lms.web.forms import ActionForm, render_form, show_error
from lms.web.loading import get_or_404
from lms.web.paging import paginate

bp = Blueprint("notifications", __name__, url_prefix="/notifications")


@bp.get("/")
@login_required
def index():
    pagination = paginate(services.newest_first(current_user))
    unread = services.unread_count(db.session, current_user)
    return render_template(
        "notifications/index.html", pagination=pagination, unread=unread, form=ActionForm()
    )


@bp.post("/<int:notification_id>/read")
@login_required
def mark_read(notification_id: int):
    if get_or_404(Notification, notification_id).person_id != current_user.id:
        abort(403)  # only the person it is for may mark it
    form = ActionForm()
    if form.validate_on_submit() and services.mark_read(db.session, current_user, notification_id):
        db.session.commit()
        flash("Marked as read.", "success")
    return redirect(url_for(".index"))


@bp.post("/read-all")
@login_required
def mark_all_read():
    if ActionForm().validate_on_submit():
        services.mark_all_read(db.session, current_user)
        db.session.commit()
        flash("All notifications are marked as read.", "success")
    return redirect(url_for(".index"))


@bp.route("/settings", methods=["GET", "POST"])
@login_required
def settings():
    form = SettingsForm()
    if not form.is_submitted():
        form.email_choice.data = services.email_choice(db.session, current_user)
    if form.validate_on_submit():
        try:
            services.set_email_choice(db.session, current_user, form.email_choice.data)
        except services.NotificationError as exc:
            show_error(form, exc, default="email_choice")
        else:
            db.session.commit()
            flash("Your notification settings are saved.", "success")
            return redirect(url_for(".settings"))
    return render_form("notifications/settings.html", form)
