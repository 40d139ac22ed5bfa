"""Practice pages: trainees log sessions; trainers confirm, reject and sign off observations."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.db import utcnow
from lms.exports import csv_response
from lms.extensions import db
from lms.practice import export, scheme_list, services
from lms.practice.checklist import OUTCOMES
from lms.practice.dates import date_hint
from lms.practice.forms import (
    BulkConfirmForm,
    DecisionForm,
    EntryForm,
    SignOffForm,
    parse_seen,
    seen_now,
)
from lms.practice.models import PRACTICE_PATHWAYS, SESSION_KINDS, PracticeEntry
from lms.practice.queue_filter import entries
from lms.practice.requirements import core_needs
from lms.practice.scheme_list import PracticeFilters
from lms.practice.withdraw_routes import withdraw
from lms.web.forms import flash_error, form_status, render_form, show_error
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


def _log_page(template: str, **more):
    """The trainee's own log (page or print), with totals against their scheme's needs."""
    needs = core_needs(db.session, current_user.scheme)
    totals = services.totals(db.session, current_user, needs)
    entries = services.own_entries(db.session, current_user)
    return render_template(template, entries=entries, totals=totals, **more)


@bp.get("/")
@role_required(Role.TRAINEE)
def log():
    return _log_page("practice/log.html")


@bp.get("/print")
@role_required(Role.TRAINEE)
def print_log():
    return _log_page("practice/print.html", now=utcnow())


@bp.get("/log.csv")
@role_required(Role.TRAINEE)
def log_csv():
    rows = export.log_csv_rows(services.own_entries(db.session, current_user))
    return csv_response(rows, "my-practice-log.csv")


def _entry_form(entry: PracticeEntry | None) -> EntryForm:
    form = EntryForm()
    form.setup(services.supervisors_for(db.session, current_user))
    form.session_date.description = date_hint(current_user, entry)
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
    return render_form("practice/entry_form.html", form, entry=None)


@bp.get("/<int:entry_id>")
@role_required(Role.TRAINEE)
def entry(entry_id: int):
    return render_template("practice/entry.html", entry=_own_or_404(entry_id))


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
    return render_form("practice/entry_form.html", form, entry=entry)


bp.add_url_rule("/<int:entry_id>/withdraw", view_func=withdraw, methods=["GET", "POST"])


# ---------------------------------------------------------------------------
# Trainers: the queue, decisions, observed sign-off


@bp.get("/queue")
@role_required(Role.TRAINER)
def queue():
    form = BulkConfirmForm()
    form.seen.data = seen_now()
    return render_template(
        "practice/queue.html", entries=entries(db.session, current_user, request.args), form=form
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
    return _review_page(entry, form, form_status(form))


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
    return render_form("practice/sign_off.html", form, entry=entry)


# ---------------------------------------------------------------------------
# Staff: the scheme's entries, with CSV export


@bp.get("/scheme")
@role_required(*STAFF)
def scheme_entries():
    filters = PracticeFilters.from_args(request.args)
    pagination = paginate(filters.statement(current_user))
    return render_template(
        "practice/scheme.html",
        pagination=pagination,
        filters=filters,
        args=filters.args(),
        sorts=scheme_list.SORTS,
        waiting=scheme_list.WAITING,
        trainees=services.trainees_with_entries(db.session, current_user),
    )


@bp.get("/scheme.csv")
@role_required(*STAFF)
def scheme_csv():
    """The list as a spreadsheet: every page of it, with the same filters and order."""
    filters = PracticeFilters.from_args(request.args)
    rows = scheme_list.csv_rows(db.session, current_user, filters)
    return csv_response(rows, "practice-entries.csv")
