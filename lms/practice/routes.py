"""Practice pages: trainees log sessions; trainers confirm, reject and sign off observations."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.db import utcnow
from lms.exports import csv_response
from lms.extensions import db
from lms.numbers import query_int
from lms.practice import services
from lms.practice.checklist import OUTCOMES
from lms.practice.forms import (
    BulkConfirmForm,
    DecisionForm,
    EntryForm,
    SignOffForm,
    parse_seen,
    seen_now,
)
from lms.practice.models import PRACTICE_PATHWAYS, SESSION_KINDS, PracticeEntry
from lms.practice.requirements import core_needs
from lms.web.forms import ActionForm, flash_error, show_error
from lms.web.loading import get_in_scheme_or_404, get_own_or_404
from lms.web.paging import paginate

bp = Blueprint("practice", __name__, url_prefix="/practice")
bp.add_app_template_filter(services.duration_label, "duration")

STAFF = (Role.TRAINER, Role.COORDINATOR, Role.ADMIN)
_LABELS = {"kinds": SESSION_KINDS, "pathways": PRACTICE_PATHWAYS, "outcomes": OUTCOMES}


bp.context_processor(lambda: {**_LABELS, "statuses": services.STATUS_LABELS})


def _own_or_404(entry_id: int) -> PracticeEntry:
    """The trainee's own entry; someone else's looks the same as a missing one."""
    return get_own_or_404(PracticeEntry, entry_id)


def _visible_or_404(entry_id: int) -> PracticeEntry:
    """An entry staff may see: admins any, trainers and coordinators their own scheme's."""
    return get_in_scheme_or_404(PracticeEntry, entry_id)


# ---------------------------------------------------------------------------
# Trainees


@bp.get("/")
@role_required(Role.TRAINEE)
def log():
    return render_template(
        "practice/log.html",
        entries=services.own_entries(db.session, current_user),
        totals=services.totals(db.session, current_user, core_needs(db.session)),
    )


@bp.get("/print")
@role_required(Role.TRAINEE)
def print_log():
    return render_template(
        "practice/print.html",
        entries=services.own_entries(db.session, current_user),
        totals=services.totals(db.session, current_user, core_needs(db.session)),
        now=utcnow(),
    )


@bp.get("/log.csv")
@role_required(Role.TRAINEE)
def log_csv():
    rows = services.log_csv_rows(services.own_entries(db.session, current_user))
    return csv_response(rows, "my-practice-log.csv")


def _entry_form(entry: PracticeEntry | None) -> EntryForm:
    form = EntryForm()
    form.setup(services.supervisors_for(db.session, current_user))
    if entry is not None and request.method == "GET":
        form.load(entry)
    return form


@bp.route("/new", methods=["GET", "POST"])
@role_required(Role.TRAINEE)
def new():
    form = _entry_form(None)
    if form.validate_on_submit():
        try:
            entry = services.log_entry(db.session, current_user, form.details())
        except services.InvalidEntry as exc:
            db.session.rollback()
            for name, message in exc.problems.items():
                form[name].errors.append(message)
        else:
            db.session.commit()
            flash(f"Session sent to {entry.supervisor.name} to confirm.", "success")
            return redirect(url_for(".entry", entry_id=entry.id))
    return render_template("practice/entry_form.html", form=form, entry=None)


@bp.get("/<int:entry_id>")
@role_required(Role.TRAINEE)
def entry(entry_id: int):
    return render_template(
        "practice/entry.html", entry=_own_or_404(entry_id), withdraw_form=ActionForm()
    )


@bp.route("/<int:entry_id>/edit", methods=["GET", "POST"])
@role_required(Role.TRAINEE)
def edit(entry_id: int):
    entry = _own_or_404(entry_id)
    if entry.status not in services.EDITABLE:
        flash(services.locked_message(entry), "important")
        return redirect(url_for(".entry", entry_id=entry.id))
    form = _entry_form(entry)
    if form.validate_on_submit():
        was = entry.status
        try:
            services.update_entry(db.session, current_user, entry, form.details())
        except services.InvalidEntry as exc:
            db.session.rollback()
            for name, message in exc.problems.items():
                form[name].errors.append(message)
        except services.PracticeError as exc:
            flash_error(exc)
            return redirect(url_for(".entry", entry_id=entry_id))
        else:
            db.session.commit()
            done = "sent again" if was == services.REJECTED else "changed and sent"
            flash(f"Session {done} to {entry.supervisor.name} to confirm.", "success")
            return redirect(url_for(".entry", entry_id=entry.id))
    return render_template("practice/entry_form.html", form=form, entry=entry)


@bp.post("/<int:entry_id>/withdraw")
@role_required(Role.TRAINEE)
def withdraw(entry_id: int):
    entry = _own_or_404(entry_id)
    if ActionForm().validate_on_submit():
        try:
            services.withdraw_entry(db.session, current_user, entry)
        except services.PracticeError as exc:
            flash_error(exc)
        else:
            db.session.commit()
            flash("Session withdrawn. It will not be counted.", "success")
    return redirect(url_for(".entry", entry_id=entry_id))


# ---------------------------------------------------------------------------
# Trainers: the queue, decisions, observed sign-off


@bp.get("/queue")
@role_required(Role.TRAINER)
def queue():
    form = BulkConfirmForm()
    form.seen.data = seen_now()
    return render_template(
        "practice/queue.html", entries=services.queue(db.session, current_user), form=form
    )


@bp.post("/queue/confirm")
@role_required(Role.TRAINER)
def confirm_selected():
    form = BulkConfirmForm()
    if form.validate_on_submit():
        try:
            result = services.confirm_many(
                db.session, current_user, form.entries.data or [], parse_seen(form.seen.data)
            )
        except services.PracticeError as exc:
            flash_error(exc)
            return redirect(url_for(".queue"))
        db.session.commit()
        if result.confirmed:
            count = len(result.confirmed)
            flash(f"{count} session{'s' if count != 1 else ''} confirmed.", "success")
        for message in result.refused:
            flash(message, "important")
    return redirect(url_for(".queue"))


@bp.get("/review/<int:entry_id>")
@role_required(*STAFF)
def review(entry_id: int):
    entry = _visible_or_404(entry_id)
    form = DecisionForm()
    form.seen.data = seen_now()
    return _review_page(entry, form)


def _review_page(entry: PracticeEntry, form: DecisionForm, status: int = 200):
    problem = services.decision_problem(current_user, entry)
    return render_template(
        "practice/review.html", entry=entry, form=form, may_decide=problem is None
    ), status


@bp.post("/review/<int:entry_id>")
@role_required(Role.TRAINER)
def decide(entry_id: int):
    entry = _visible_or_404(entry_id)
    form = DecisionForm()
    if form.validate_on_submit():
        seen = parse_seen(form.seen.data)
        try:
            if form.decision.data == "confirm":
                services.confirm_entry(
                    db.session, current_user, entry, form.reason.data or "", seen
                )
            else:
                services.reject_entry(db.session, current_user, entry, form.reason.data or "", seen)
        except services.PracticeError as exc:
            show_error(form, exc, "flash")
            if exc.field not in form:
                return redirect(url_for(".review", entry_id=entry_id))
        else:
            db.session.commit()
            done = "confirmed" if entry.status == services.CONFIRMED else "sent back"
            flash(f"{entry.person.name}'s session has been {done}.", "success")
            return redirect(url_for(".queue"))
    form.seen.data = seen_now()
    return _review_page(entry, form)


@bp.route("/review/<int:entry_id>/sign-off", methods=["GET", "POST"])
@role_required(Role.TRAINER)
def sign_off(entry_id: int):
    entry = _visible_or_404(entry_id)
    problem = services.decision_problem(current_user, entry)
    if entry.kind != "observed" or problem:
        flash(problem or "Only observed sessions are signed off with the checklist.", "important")
        return redirect(url_for(".review", entry_id=entry.id))
    form = SignOffForm()
    if form.validate_on_submit():
        try:
            services.sign_off_observation(
                db.session,
                current_user,
                entry,
                form.results(),
                form.outcome.data,
                form.comments.data or "",
                parse_seen(form.seen.data),
            )
        except services.PracticeError as exc:
            show_error(form, exc, "flash")
            if exc.field not in form:
                return redirect(url_for(".review", entry_id=entry_id))
        else:
            db.session.commit()
            flash(f"{entry.person.name}'s observed session has been signed off.", "success")
            return redirect(url_for(".queue"))
    form.seen.data = seen_now()
    return render_template("practice/sign_off.html", entry=entry, form=form)


# ---------------------------------------------------------------------------
# Staff: the scheme's entries, with CSV export


def _scheme_filters() -> dict[str, object]:
    status = request.args.get("status", "")
    return {
        "status": status if status in services.STATUS_LABELS else "",
        "trainee": request.args.get("trainee", 0, type=query_int),
    }


@bp.get("/scheme")
@role_required(*STAFF)
def scheme_entries():
    filters = _scheme_filters()
    pagination = paginate(
        services.scheme_entries(current_user, filters["status"], filters["trainee"])
    )
    return render_template(
        "practice/scheme.html",
        pagination=pagination,
        filters=filters,
        trainees=services.trainees_with_entries(db.session, current_user),
    )


@bp.get("/scheme.csv")
@role_required(*STAFF)
def scheme_csv():
    filters = _scheme_filters()
    stmt = services.scheme_entries(current_user, filters["status"], filters["trainee"])
    return csv_response(services.scheme_csv_rows(db.session.scalars(stmt)), "practice-entries.csv")
