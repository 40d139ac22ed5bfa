"""Admin pages for browsing and filtering the audit trail, checking its chain and exporting it."""

from __future__ import annotations

import json
from itertools import chain

from flask import Blueprint, render_template, request

from lms.accounts.models import Role
from lms.admin import audit_queries as queries
from lms.admin.audit_forms import AuditFilterForm
from lms.admin.audit_names import AuditNames
from lms.audit import labels
from lms.audit.models import AuditEvent
from lms.audit.services import verify_trail
from lms.authz import role_required
from lms.exports import csv_response
from lms.extensions import db
from lms.forms import choices
from lms.ukdates import uk_datetime
from lms.web.loading import get_or_404
from lms.web.paging import paginate

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")


@bp.app_template_filter("audit_action")
def _action_filter(code: str) -> str:
    return labels.action_label(code)


@bp.app_template_filter("audit_subject")
def _subject_filter(subject_type: str) -> str:
    return labels.subject_label(subject_type)


def _filter_form(schemes: dict[int, str]) -> AuditFilterForm:
    """The filter form read from the query string, its selects filled from what exists."""
    form = AuditFilterForm(formdata=request.args)
    form.action.choices = choices(
        [("", "Any action")]
        + [(code, labels.action_label(code)) for code in queries.distinct_actions(db.session)]
    )
    form.subject_type.choices = choices(
        [("", "Any type")]
        + [(t, labels.subject_label(t)) for t in queries.distinct_subject_types(db.session)]
    )
    form.scheme.choices = choices([(0, "All schemes"), *schemes.items()])
    return form


def _list_page(form: AuditFilterForm, schemes: dict[int, str], pagination=None):
    """The list page; 400 when the filters do not validate (the messages say what to fix)."""
    events = pagination.items if pagination is not None else []
    html = render_template(
        "audit/index.html",
        form=form,
        pagination=pagination,
        args=form.query_args(),
        schemes=schemes,
        names=AuditNames.load(db.session, events, schemes),
    )
    return html, 200 if pagination is not None else 400


@bp.get("/")
@role_required(Role.ADMIN)
def index():
    schemes = queries.scheme_names(db.session)
    form = _filter_form(schemes)
    if not form.validate():
        return _list_page(form, schemes)
    pagination = paginate(queries.events_query(form.filters()))
    return _list_page(form, schemes, pagination)


@bp.get("/<int:event_id>")
@role_required(Role.ADMIN)
def event(event_id: int):
    event = get_or_404(AuditEvent, event_id)
    previous_id, next_id = queries.neighbours(db.session, event)
    schemes = queries.scheme_names(db.session)
    names = AuditNames.load(db.session, [event], schemes)
    return render_template(
        "audit/event.html",
        event=event,
        names=names,
        details=names.details(event),
        scheme_name=schemes.get(event.scheme_id or 0, ""),
        previous_id=previous_id,
        next_id=next_id,
    )


@bp.get("/verify")
@role_required(Role.ADMIN)
def verify():
    report = verify_trail(db.session)
    return render_template(
        "audit/verify.html",
        report=report,
        explanation=labels.CHAIN_PROBLEMS.get(report.problem, ""),
    )


CSV_HEADER = [
    "Event",
    "When (UK time)",
    "When (UTC)",
    "Who",
    "Who (person ID)",
    "Action",
    "What happened",
    "Subject type",
    "Subject ID",
    "Scheme",
    "Reason",
    "Details",
]


@bp.get("/export.csv")
@role_required(Role.ADMIN)
def export():
    schemes = queries.scheme_names(db.session)
    form = _filter_form(schemes)
    if not form.validate():
        # The list page with the problems, where the filters can be corrected. Never a URL
        # built from the query string: names like ``endpoint`` or ``_method`` are url_for's own.
        return _list_page(form, schemes)
    events = db.session.scalars(
        queries.events_query(form.filters()).execution_options(yield_per=500)
    )
    rows = chain([CSV_HEADER], (_csv_row(e, schemes) for e in events))
    return csv_response(rows, "audit-trail.csv")


def _csv_row(e: AuditEvent, schemes: dict[int, str]) -> list[object]:
    return [
        e.id,
        uk_datetime(e.occurred_at),
        e.occurred_at.isoformat(),
        e.actor_name,
        e.actor_id or "",
        e.action,
        labels.action_label(e.action),
        e.subject_type,
        e.subject_id,
        schemes.get(e.scheme_id or 0, ""),
        e.reason,
        json.dumps(e.details, sort_keys=True, default=str) if e.details else "",
    ]
