"""The coordinator's dashboard and the scheme's mentors by state."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.extensions import db
from lms.matching.blueprint import MANAGERS, bp, dashboard_scheme, schemes
from lms.matching.dashboard import services
from lms.matching.gate import screening
from lms.ukdates import uk_today
from lms.web.paging import page_number


@bp.get("/")
@role_required(*MANAGERS)
def dashboard():
    scheme = dashboard_scheme()
    return render_template(
        "matching/dashboard.html",
        scheme=scheme,
        schemes=schemes(),
        board=services.dashboard(db.session, scheme.id, uk_today()),
        states=services.STATES,
        kinds=screening.KINDS,
        today=uk_today(),
    )


@bp.get("/mentors")
@role_required(*MANAGERS)
def mentors():
    """The scheme's mentors in one state (or all), a page at a time, with what blocks them."""
    scheme = dashboard_scheme()
    state = request.args.get("state", "")
    state = state if state in services.STATES else ""
    page, counts = services.mentors_page(
        db.session, scheme.id, state, page_number(), current_app.config["PAGE_SIZE"], uk_today()
    )
    args = {"state": state} if state else {}
    if current_user.has_role(Role.ADMIN):
        args["scheme"] = scheme.id
    return render_template(
        "matching/mentors.html",
        scheme=scheme,
        schemes=schemes(),
        pagination=page,
        counts=counts,
        state=state,
        states=services.STATES,
        args=args,
    )
