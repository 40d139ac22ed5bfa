"""Admin pages for the outbox: emails not sent yet or given up on, and sending one again."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.extensions import db
from lms.numbers import query_int
from lms.outbox import services
from lms.outbox.forms import ResendForm
from lms.outbox.models import OutboxMessage

bp = Blueprint("outbox", __name__, url_prefix="/admin/outbox")


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    pagination = db.paginate(
        services.waiting(),
        page=request.args.get("page", 1, type=query_int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template("outbox/index.html", pagination=pagination, form=ResendForm())


@bp.post("/<int:message_id>/resend")
@role_required(Role.ADMIN)
def resend(message_id: int):
    message = db.session.get(OutboxMessage, message_id)
    if message is None:
        abort(404)
    if ResendForm().validate_on_submit():
        try:
            services.resend(db.session, current_user, message)
        except services.OutboxError as exc:
            db.session.rollback()
            flash(exc.message, "important")
        else:
            db.session.commit()
            flash(f"The email to {message.to_address} will be sent again now.", "success")
    return redirect(url_for(".index"))
