"""Trainee pages: modules, lessons and quizzes; the glossary and trainers' notes on lessons."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from lms import json_depth
from lms.accounts.contacts import SafeguardingContacts, safeguarding_contacts
from lms.accounts.models import Role
from lms.authz import role_required
from lms.extensions import db
from lms.training import notes, outcome, saving, services
from lms.training.marking import QUESTION_TYPES
from lms.training.models import QuizAttempt
from lms.web.forms import ActionForm, flash_error, form_status, render_form
from lms.web.loading import get_own_or_404

bp = Blueprint("training", __name__, url_prefix="/training")


def _module_or_404(slug: str):
    module = services.find_module(db.session, slug)
    if module is None:
        abort(404)
    return module


@bp.get("/")
@role_required(Role.TRAINEE)
def path():
    return redirect(url_for("core.trainee_home"))


@bp.get("/glossary")
@login_required
def glossary():
    return render_template("training/glossary.html", terms=notes.glossary_terms())


@bp.get("/<slug>/trainer-notes")
@role_required(Role.TRAINER, Role.COORDINATOR, Role.ADMIN)
def trainer_notes(slug: str):
    module = _module_or_404(slug)
    return render_template(
        "training/trainer_notes.html",
        module=module,
        version=module.current_version,
        lessons=notes.lesson_notes(module.current_version.lessons),
    )


@bp.get("/<slug>")
@login_required
def module(slug: str):
    module = _module_or_404(slug)
    version = module.current_version
    read = services.lessons_read(db.session, current_user, module)
    attempts, availability = [], None
    if current_user.has_role(Role.TRAINEE):
        attempts = services.attempts_for(db.session, current_user, module)
        availability = services.quiz_availability(db.session, current_user, module)
    return render_template(
        "training/module.html",
        module=module,
        version=version,
        read=read,
        attempts=[a for a in attempts if a.status == "submitted"],
        availability=availability,
        form=ActionForm(),
    )


@bp.route("/<slug>/lessons/<lesson_slug>", methods=["GET", "POST"])
@login_required
def lesson(slug: str, lesson_slug: str):
    module = _module_or_404(slug)
    lessons = list(module.current_version.lessons)
    index = next((i for i, item in enumerate(lessons) if item.slug == lesson_slug), None)
    if index is None:
        abort(404)
    lesson = lessons[index]
    following = lessons[index + 1] if index + 1 < len(lessons) else None
    form = ActionForm()
    if form.validate_on_submit():
        if current_user.has_role(Role.TRAINEE):
            services.mark_lesson_read(db.session, current_user, module, lesson)
            db.session.commit()
        if following is not None:
            return redirect(url_for(".lesson", slug=slug, lesson_slug=following.slug))
        flash("You have read every lesson in this module. Try the quiz when you are ready.")
        return redirect(url_for(".module", slug=slug))
    return render_form(  # a POST gets here only when its CSRF token failed: 400
        "training/lesson.html",
        form,
        module=module,
        lesson=lesson,
        number=index + 1,
        total=len(lessons),
        previous=lessons[index - 1] if index > 0 else None,
        following=following,
        contacts=_contacts_for(lesson),
    )


def _contacts_for(lesson):
    """The reader's scheme's safeguarding lead and deputy, for a lesson that names the role."""
    if "safeguarding lead" not in lesson.body_markdown.lower():
        return None
    found = safeguarding_contacts(db.session, current_user.scheme)
    return found or SafeguardingContacts("", None, None)


@bp.post("/<slug>/quiz")
@role_required(Role.TRAINEE)
def start_quiz(slug: str):
    module = _module_or_404(slug)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        attempt = services.start_attempt(db.session, current_user, module)
    except services.AttemptNotAllowed as exc:
        flash_error(exc, "message")
        return redirect(url_for(".module", slug=slug))
    db.session.commit()
    return redirect(url_for(".attempt", attempt_id=attempt.id))


@bp.route("/attempts/<int:attempt_id>", methods=["GET", "POST"])
@role_required(Role.TRAINEE)
def attempt(attempt_id: int):
    attempt = get_own_or_404(QuizAttempt, attempt_id)
    if attempt.status == "submitted":
        return redirect(url_for(".result", attempt_id=attempt.id))
    # Answers vary per attempt: the form carries only CSRF; lms.training.saving checks them.
    form = ActionForm()
    error, missing, chosen = None, [], saving.saved_choices(attempt)
    if form.validate_on_submit():
        posted = {key: request.form.getlist(key) for key in request.form}
        chosen = {key: set(values) for key, values in posted.items()}
        try:
            answers = saving.read_choices(attempt, posted)
            saving.keep_if_unfinished(db.session, attempt, answers)
            services.submit_attempt(db.session, current_user, attempt, answers)
        except (services.AlreadySubmitted, saving.AttemptClosed) as exc:
            flash_error(exc, "message")
            return redirect(url_for(".result", attempt_id=attempt.id))
        except saving.AnswersRefused as exc:
            db.session.commit()  # the answers given are kept (nothing is changed if none fit)
            error, missing = exc.message, exc.missing
        else:
            db.session.commit()
            return redirect(url_for(".result", attempt_id=attempt.id))
    return _quiz_page(attempt, form, chosen, error, missing)


def _quiz_page(attempt, form, chosen, error=None, missing=()):
    answered = sum(1 for aq in attempt.questions if chosen.get(f"answer-{aq.id}"))
    return render_template(
        "training/quiz.html",
        attempt=attempt,
        module=attempt.module,
        version=attempt.module_version,
        types=QUESTION_TYPES,
        form=form,
        error=error,
        missing=missing,
        chosen=chosen,
        answered=saving.answered_text(answered, attempt.question_count),
    ), form_status(form, refused=error is not None)


@bp.post("/attempts/<int:attempt_id>/answers")
@role_required(Role.TRAINEE)
def save_answers(attempt_id: int):
    """Save answers without sending them: one question as JSON from the quiz's script
    (lms/static/js/quiz-save.mjs), or the whole form from its "Save my answers" button."""
    attempt = get_own_or_404(QuizAttempt, attempt_id)
    if request.is_json:
        return _save_json(attempt)
    form = ActionForm()
    if not form.validate_on_submit():
        abort(400)
    posted = {key: request.form.getlist(key) for key in request.form}
    try:
        answers = saving.read_choices(attempt, posted)
        saving.save_answers(db.session, attempt, answers, replace_all=True)
    except saving.AttemptClosed as exc:
        flash_error(exc, "message")
        return redirect(url_for(".result", attempt_id=attempt.id))
    except saving.AnswersRefused as exc:
        db.session.rollback()
        chosen = {key: set(values) for key, values in posted.items()}
        return _quiz_page(attempt, form, chosen, exc.message)
    db.session.commit()
    flash("Your answers are saved. You can leave and come back to them later.")
    return redirect(url_for(".attempt", attempt_id=attempt.id), 303)


def _save_json(attempt: QuizAttempt):
    try:
        body = json_depth.loads(request.get_data(cache=False) or b"null", limit=4)
    except ValueError:  # not JSON, or nested deeper than the answers ever are
        body = None
    try:
        answers = saving.read_choices(attempt, saving.json_choices(body))
        answered = saving.save_answers(db.session, attempt, answers)
    except saving.AttemptClosed as exc:
        db.session.rollback()
        return jsonify(error=exc.code, message=exc.message), 409
    except saving.AnswersRefused as exc:
        db.session.rollback()
        return jsonify(error=exc.code, message=exc.message), 400
    total = attempt.question_count  # read before the commit expires it
    db.session.commit()
    text = saving.answered_text(answered, total)
    return jsonify(saved=True, answered=answered, total=total, text=text)


@bp.get("/attempts/<int:attempt_id>/result")
@role_required(Role.TRAINEE)
def result(attempt_id: int):
    attempt = get_own_or_404(QuizAttempt, attempt_id)
    if attempt.status != "submitted":
        return redirect(url_for(".attempt", attempt_id=attempt.id))
    availability = services.quiz_availability(db.session, current_user, attempt.module)
    return render_template(
        "training/result.html",
        attempt=attempt,
        module=attempt.module,
        version=attempt.module_version,
        show_answers=services.may_see_right_answers(db.session, attempt),
        availability=availability,
        tries_left=outcome.tries_left(availability),
        next_entry=outcome.next_module(db.session, current_user, attempt.module)
        if attempt.passed
        else None,
        partly=outcome.partly_right,
        types=QUESTION_TYPES,
        form=ActionForm(),
    )
