"""Admin pages for the outbox: emails not sent yet or given up on, and sending one again."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.extensions import db
from lms.outbox import services
from lms.outbox.models import FAILED, OutboxMessage
from lms.web.forms import ActionForm, flash_error
from lms.web.loading import get_or_404
from lms.web.paging import paginate

bp = Blueprint("outbox", __name__, url_prefix="/admin/outbox")


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    failed = request.args.get("status") == FAILED  # the admin's home count: dead letters only
    stmt = services.waiting()
    pagination = paginate(stmt.where(OutboxMessage.status == FAILED) if failed else stmt)
    return render_template(
        "outbox/index.html", pagination=pagination, form=ActionForm(), failed=failed
    )


@bp.post("/<int:message_id>/resend")
@role_required(Role.ADMIN)
def resend(message_id: int):
    message = get_or_404(OutboxMessage, message_id)
    if ActionForm().validate_on_submit():
        try:
            services.resend(db.session, current_user, message)
        except services.OutboxError as exc:
            flash_error(exc)
        else:
            db.session.commit()
            flash(f"The email to {message.to_address} will be sent again now.", "success")
    return redirect(url_for(".index"))
