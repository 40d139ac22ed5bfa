"""Scenario answers: trainees write and submit them; trainers claim, mark and second-mark."""

from __future__ import annotations

import random

from flask import (
    abort,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from lms.accounts.models import Role
from lms.assessment import (  # noqa: F401
    disagreements,
    draft_routes,
    next_answer,
    oral_routes,
    resolve_routes,
    services,
)
from lms.assessment.blueprint import bp, criterion_marks, submission_for_staff
from lms.assessment.blueprint import settings as _settings
from lms.assessment.forms import AnswerForm, mark_form
from lms.assessment.models import FIRST, SECOND, ScenarioSubmission
from lms.authz import role_required
from lms.db import utcnow
from lms.extensions import db
from lms.web.forms import ActionForm, flash_error, render_form, show_error
from lms.web.paging import paginate

__all__ = ["bp"]


# ---------------------------------------------------------------------------
# Trainees


@bp.get("/")
@role_required(Role.TRAINEE)
def index():
    latest = services.latest_by_scenario(db.session, current_user)
    return render_template(
        "assessment/index.html",
        scenarios=services.current_scenarios(db.session),
        latest=latest,
    )


@bp.route("/<module_slug>/<key>", methods=["GET", "POST"])
@draft_routes.keeps_answer
@role_required(Role.TRAINEE)
def answer(module_slug: str, key: str):
    scenario = services.find_scenario(db.session, module_slug, key)
    if scenario is None:
        abort(404)
    module = scenario.module_version.module
    history = services.attempts(db.session, current_user, key)
    allowed, reason = services.can_write(history, _settings())
    draft = services.unsent_draft(history)
    form = AnswerForm(data={"answer": draft.answer if draft else ""})
    if allowed and form.validate_on_submit():
        sending = bool(form.send.data)
        try:
            services.save_answer(
                db.session,
                current_user,
                scenario,
                module,
                form.answer.data or "",
                submit=sending,
                settings=_settings(),
            )
        except services.AssessmentError as exc:
            if exc.field != "answer":
                flash_error(exc)
                return redirect(url_for(".answer", module_slug=module_slug, key=key))
            db.session.commit()  # keep the draft even when it is too short to send
            form.answer.errors.append(exc.message)
        else:
            db.session.commit()
            if sending:
                flash("Your answer has been sent. A trainer will mark it.", "success")
                return redirect(url_for(".index"))
            flash("Your draft is saved. You can come back to it.", "success")
            return redirect(url_for(".answer", module_slug=module_slug, key=key))
    return render_form(
        "assessment/answer.html",
        form,
        refused=not allowed,
        scenario=scenario,
        module=module,
        history=[h for h in history if h.status != "draft"],
        allowed=allowed,
        reason=reason,
        words=services.word_count(form.answer.data or ""),
        **draft_routes.page_context(current_user, scenario, draft, history),
    )


# ---------------------------------------------------------------------------
# Trainers


@bp.get("/queue")
@role_required(Role.TRAINER, Role.ADMIN)
def queue():
    if "blind" in request.args:
        session["blind_marking"] = request.args.get("blind") == "1"
    module_slug = request.args.get("module", "")
    pagination = paginate(services.queue(current_user, module_slug))
    now = utcnow()
    live = {sub.id for sub in pagination.items if services.claim_is_live(sub, _settings(), now)}
    return render_template(
        "assessment/queue.html",
        pagination=pagination,
        live=live,
        module_slug=module_slug,
        modules=services.modules_with_scenarios(db.session),
        blind=session.get("blind_marking", False),
        form=ActionForm(),
    )


@bp.post("/submissions/<int:submission_id>/claim")
@role_required(Role.TRAINER, Role.ADMIN)
def claim(submission_id: int):
    submission = submission_for_staff(submission_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.claim(db.session, current_user, submission, _settings())
    except services.AssessmentError as exc:
        flash_error(exc)
        return redirect(url_for(".queue"))
    db.session.commit()
    return redirect(_mark_url(submission))


def _mark_url(submission: ScenarioSubmission) -> str:
    """The marking page, keeping the queue's module filter so "Save and mark next" keeps it."""
    module_slug = request.args.get("module", "")
    return url_for(
        ".mark", submission_id=submission.id, **({"module": module_slug} if module_slug else {})
    )


@bp.post("/submissions/<int:submission_id>/release")
@role_required(Role.TRAINER, Role.ADMIN)
def release(submission_id: int):
    submission = submission_for_staff(submission_id)
    if ActionForm().validate_on_submit():
        services.release(db.session, current_user, submission)
        db.session.commit()
        flash("The answer is back in the queue.", "success")
    return redirect(url_for(".queue"))


def _marking_page(submission: ScenarioSubmission, record_mark, *, second: bool, back: str):
    """Show the rubric form; on a valid post, record the mark with ``record_mark``.

    Returns a redirect once the mark is saved (or refused outright), otherwise the page.
    """
    rubric = submission.scenario.rubric
    form = mark_form(rubric)()
    if form.validate_on_submit():
        marks = criterion_marks(form, rubric)
        try:
            record_mark(
                db.session, current_user, submission, marks, form.outcome.data, form.feedback.data
            )
            db.session.commit()
        except services.AssessmentError as exc:
            if not exc.field:
                flash_error(exc)
                return redirect(back)
            show_error(form, exc)
        except IntegrityError:
            db.session.rollback()
            flash("Someone else marked this answer at the same time.", "important")
            return redirect(back)
        else:
            return None
    previous = None if second else next_answer.previous_attempt(db.session, submission)
    # what the trainee was told: the second mark when there is one, else the first
    previous_mark = (previous.mark_of(SECOND) or previous.mark_of(FIRST)) if previous else None
    return render_form(
        "assessment/mark.html",
        form,
        submission=submission,
        rubric=rubric,
        blind=session.get("blind_marking", False),
        second=second,
        first=submission.mark_of(FIRST),
        previous=previous,
        previous_mark=previous_mark,
        before=next_answer.marks_by_criterion(previous_mark),
    )


@bp.route("/submissions/<int:submission_id>/mark", methods=["GET", "POST"])
@role_required(Role.TRAINER, Role.ADMIN)
def mark(submission_id: int):
    submission = submission_for_staff(submission_id)
    if submission.status != "submitted":
        return redirect(url_for(".submission", submission_id=submission.id))
    if submission.claimed_by_id != current_user.id:
        flash("Choose “Mark this answer” in the queue first, so nobody else marks it too.")
        return redirect(url_for(".queue"))
    module_slug = request.args.get("module", "")
    back = url_for(".queue", **({"module": module_slug} if module_slug else {}))
    page = _marking_page(submission, services.mark, second=False, back=back)
    if page is not None:
        return page
    if "next" not in request.form:
        flash("Mark saved. The trainee has been told.", "success")
        return redirect(back)
    following = next_answer.claim_next(db.session, current_user, _settings(), module_slug)
    db.session.commit()
    if following is None:
        flash(
            "Mark saved. The trainee has been told. Nothing else is waiting to be marked.",
            "success",
        )
        return redirect(back)
    flash("Mark saved. The trainee has been told. This is the next answer in the queue.", "success")
    return redirect(_mark_url(following))


@bp.get("/submissions/<int:submission_id>")
@role_required(Role.TRAINER, Role.ADMIN)
def submission(submission_id: int):
    submission = submission_for_staff(submission_id)
    return render_template(
        "assessment/submission.html",
        submission=submission,
        first=submission.mark_of(FIRST),
        second=submission.mark_of(SECOND),
        blind=session.get("blind_marking", False),
        can_second_mark=services.may_second_mark(current_user),
    )


@bp.get("/second-marking")
@role_required(Role.TRAINER, Role.ADMIN)
def second_marking():
    if not services.may_second_mark(current_user):
        abort(403)
    pool = disagreements.sample_pool(current_user)
    if request.args.get("random") == "1":
        ids = list(db.session.scalars(pool.with_only_columns(ScenarioSubmission.id).limit(500)))
        if ids:
            chosen = random.SystemRandom().choice(ids)
            return redirect(url_for(".second_mark", submission_id=chosen))
        flash("There are no marked answers left to sample.")
    pagination = paginate(pool)
    return render_template(
        "assessment/second_marking.html",
        pagination=pagination,
        disagreements=list(db.session.scalars(disagreements.disagreements(current_user).limit(50))),
        agreement=disagreements.agreement(db.session, current_user),
    )


@bp.route("/submissions/<int:submission_id>/second-mark", methods=["GET", "POST"])
@role_required(Role.TRAINER, Role.ADMIN)
def second_mark(submission_id: int):
    if not services.may_second_mark(current_user):
        abort(403)
    submission = submission_for_staff(submission_id)
    back = url_for(".submission", submission_id=submission.id)
    page = _marking_page(submission, services.second_mark, second=True, back=back)
    if page is not None:
        return page
    flash("Second mark saved.", "success")
    return redirect(url_for(".second_marking"))
