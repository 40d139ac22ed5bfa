"""Trainer pages: trainees' progress (with CSV export) and question statistics."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request
from flask_login import current_user
from sqlalchemy import select

from lms.accounts.models import Role, Scheme
from lms.authz import role_required
from lms.content.models import ModuleVersion
from lms.exports import csv_response
from lms.extensions import db
from lms.numbers import query_int
from lms.training import item_stats, reports, services
from lms.web.paging import paginate

bp = Blueprint("training_reports", __name__, url_prefix="/training-reports")

STAFF = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)


def _filters() -> dict[str, object]:
    return {
        "q": request.args.get("q", ""),
        "module": request.args.get("module", ""),
        "status": request.args.get("status", ""),
        "scheme": request.args.get("scheme", 0, type=query_int),
    }


@bp.get("/progress")
@role_required(*STAFF)
def progress():
    filters = _filters()
    modules = services.active_modules(db.session)
    stmt = reports.trainees_query(current_user, filters["q"], filters["scheme"])
    if filters["status"]:
        trainees = list(db.session.scalars(stmt))
        rows = reports.filter_rows(
            reports.progress_rows(db.session, trainees, modules),
            modules,
            filters["module"],
            filters["status"],
        )
        pagination = None
    else:
        pagination = paginate(stmt)
        rows = reports.progress_rows(db.session, list(pagination.items), modules)
    schemes = []
    if current_user.has_role(Role.ADMIN):
        schemes = list(db.session.scalars(select(Scheme).order_by(Scheme.name)))
    return render_template(
        "training/progress.html",
        rows=rows,
        modules=modules,
        pagination=pagination,
        filters=filters,
        statuses=services.STATUS_LABELS,
        schemes=schemes,
    )


@bp.get("/progress.csv")
@role_required(*STAFF)
def progress_csv():
    filters = _filters()
    modules = services.active_modules(db.session)
    trainees = list(
        db.session.scalars(reports.trainees_query(current_user, filters["q"], filters["scheme"]))
    )
    rows = reports.filter_rows(
        reports.progress_rows(db.session, trainees, modules),
        modules,
        filters["module"],
        filters["status"],
    )
    return csv_response(reports.progress_csv_rows(rows, modules), "trainee-progress.csv")


@bp.get("/questions")
@role_required(*STAFF)
def questions():
    return render_template(
        "training/question_index.html", modules=reports.module_versions(db.session)
    )


@bp.get("/questions/<slug>/v<int:number>")
@role_required(*STAFF)
def question_stats(slug: str, number: int):
    module = services.find_module(db.session, slug)
    if module is None:
        abort(404)
    version = db.session.scalars(
        select(ModuleVersion).where(
            ModuleVersion.module_id == module.id, ModuleVersion.number == number
        )
    ).first()
    if version is None:
        abort(404)
    stats = reports.question_stats(db.session, version, current_user)
    return render_template(
        "training/question_stats.html",
        module=module,
        version=version,
        stats=stats,
        flag_labels=item_stats.FLAG_LABELS,
        min_answers=item_stats.MIN_ANSWERS,
        viewer_is_admin=current_user.has_role(Role.ADMIN),
    )
