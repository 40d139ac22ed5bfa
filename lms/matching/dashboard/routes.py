"""The coordinator's dashboard and the scheme's mentors by state."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.exports import csv_response
from lms.extensions import db
from lms.matching.blueprint import MANAGERS, bp, dashboard_scheme, schemes
from lms.matching.dashboard import filters, mentor_list, services
from lms.matching.gate import screening
from lms.ukdates import uk_today
from lms.web.paging import page_number, paginate


@bp.get("/")
@role_required(*MANAGERS)
def dashboard():
    scheme = dashboard_scheme()
    state = request.args.get("state", "")
    if state in filters.MATCH_FILTERS:
        return _filtered(scheme, state)
    return render_template(
        "matching/dashboard.html",
        scheme=scheme,
        schemes=schemes(),
        board=services.dashboard(db.session, scheme.id, uk_today()),
        states=services.STATES,
        kinds=screening.KINDS,
        today=uk_today(),
    )


def _filtered(scheme, state: str):
    """The dashboard narrowed to the matches one home-page count counted (``?state=``)."""
    pagination = paginate(filters.scheme_matches(scheme.id, state, uk_today()))
    scheme_arg = {"scheme": scheme.id} if current_user.has_role(Role.ADMIN) else {}
    return render_template(
        "matching/dashboard_matches.html",
        scheme=scheme,
        pagination=pagination,
        contacts=filters.last_contacts(db.session, [m.id for m in pagination.items]),
        filter_label=filters.MATCH_FILTERS[state],
        clear_url=url_for("matching.dashboard", **scheme_arg),
        args={"state": state, **scheme_arg},
    )


@bp.get("/mentors")
@role_required(*MANAGERS)
def mentors():
    """The scheme's mentors, searched by name, in one state (or all), sorted, a page at a time,
    with what blocks them."""
    scheme = dashboard_scheme()
    filters = mentor_list.MentorFilters.from_args(request.args)
    page, counts = mentor_list.mentors_page(
        db.session, scheme.id, filters, page_number(), current_app.config["PAGE_SIZE"], uk_today()
    )
    args = filters.args()
    if current_user.has_role(Role.ADMIN):
        args["scheme"] = scheme.id
    return render_template(
        "matching/mentors.html",
        scheme=scheme,
        schemes=schemes(),
        pagination=page,
        counts=counts,
        filters=filters,
        state=filters.state,
        states=services.STATES,
        sorts=mentor_list.SORTS,
        args=args,
    )


@bp.get("/mentors.csv")
@role_required(*MANAGERS)
def mentors_csv():
    """The same mentors as the list, every page of them, as a spreadsheet."""
    scheme = dashboard_scheme()
    filters = mentor_list.MentorFilters.from_args(request.args)
    rows = mentor_list.csv_rows(db.session, scheme.id, filters, uk_today())
    return csv_response(rows, "mentors.csv")
