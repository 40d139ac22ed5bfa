"""Home pages made for each role, and ``/healthz`` for load balancers and monitoring."""

from __future__ import annotations

from flask import Blueprint, jsonify, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from lms.accounts import statuses
from lms.accounts.models import Role, Scheme
from lms.audit.runs import latest_run
from lms.authz import role_required
from lms.core.health import OK, READY, UNAVAILABLE, readiness
from lms.db import utcnow
from lms.extensions import db
from lms.home import admin, coordinator, mentor, trainee, trainer
from lms.matching.mine.services import is_mentor
from lms.outage import RETRY_AFTER_SECONDS
from lms.ukdates import uk_today

bp = Blueprint("core", __name__)

HOME_ENDPOINTS = {
    Role.ADMIN: "core.admin_home",
    Role.COORDINATOR: "core.coordinator_home",
    Role.TRAINER: "core.trainer_home",
    Role.TRAINEE: "core.trainee_home",
}


@bp.get("/")
def home():
    if current_user.is_authenticated and current_user.primary_role:
        return redirect(url_for(HOME_ENDPOINTS[current_user.primary_role]))
    return render_template("core/landing.html")


@bp.get("/trainee")
@role_required(Role.TRAINEE)
def trainee_home():
    from lms.training.services import PASSED, learning_path

    entries = learning_path(db.session, current_user)
    core = [e for e in entries if e.version.pathway == "core"]
    optional = [e for e in entries if e.version.pathway != "core"]
    passed = sum(1 for e in core if e.status == PASSED)
    practice = trainee.practice_totals(db.session, current_user)
    # A certified mentor keeps the trainee role: their mentoring work comes first.
    actions = None
    if is_mentor(db.session, current_user):
        actions = mentor.items(db.session, current_user, uk_today())
    return render_template(
        "core/trainee_home.html",
        actions=actions,
        core=core,
        optional=optional,
        passed=passed,
        practice=practice,
        step=trainee.next_step(db.session, current_user, core, practice),
        renewals=trainee.renewals(db.session, current_user, uk_today()),
        percent=trainee.percent,
    )


@bp.get("/trainer")
@role_required(Role.TRAINER)
def trainer_home():
    actions = trainer.items(db.session, current_user, utcnow(), uk_today())
    return render_template("core/trainer_home.html", actions=actions)


@bp.get("/coordinator")
@role_required(Role.COORDINATOR)
def coordinator_home():
    members = statuses.counts(db.session, current_user.scheme_id or -1)
    actions = coordinator.items(db.session, current_user, uk_today())
    return render_template("core/coordinator_home.html", members=members, actions=actions)


@bp.get("/admin")
@role_required(Role.ADMIN)
def admin_home():
    counts = {
        "schemes": db.session.scalar(select(func.count(Scheme.id))),
        "people": statuses.counts(db.session),
    }
    run = latest_run(db.session)
    actions = admin.items(db.session, current_user, utcnow(), run)
    return render_template(
        "core/admin_home.html", counts=counts, actions=actions, audit=admin.audit_status(run)
    )


@bp.get("/healthz")
def healthz():
    """Ready to serve: 200 when every check passes, else 503 naming the one that failed.

    Each check uses its own connection, never the request's session, so a failure here leaves
    nothing half done.
    """
    checks = readiness(db.engine)
    healthy = all(result in READY for result in checks.values())
    body = {"status": OK if healthy else UNAVAILABLE, "checks": checks}
    response = jsonify(body)
    response.status_code = 200 if healthy else 503
    response.headers["Cache-Control"] = "no-store"
    if not healthy:
        response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
