"""The mentor's own pages: "My mentees", one match with its history and contact log, and
accepting, declining, logging a contact and asking to end a match (each a thin POST)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.extensions import db
from lms.matching.blueprint import LABELS, bp
from lms.matching.matches.services import MatchError, NotMatchable
from lms.matching.mine import checks, history, services
from lms.matching.mine.forms import AskToEndForm, ContactForm, DeclineForm
from lms.matching.models import CONTACT_KINDS, Match
from lms.ukdates import uk_today
from lms.web.forms import ActionForm, flash_error, on_its_field, show_error

MENTORS = (Role.TRAINEE,)  # certificate holders keep the trainee role; the page checks the rest


def _own_match(match_id: int) -> Match:
    """The signed-in mentor's own match, or 404 (another mentor's match is not theirs to see)."""
    match = db.session.get(Match, match_id)
    if match is None or match.mentor_id != current_user.id:
        abort(404)
    return match


def _match_page(match: Match, status: int = 200, **forms):
    context = {
        "match": match,
        "contacts": services.contacts_of(db.session, match),
        "action_form": ActionForm(),
        "decline_form": DeclineForm(prefix="decline"),
        "end_form": AskToEndForm(prefix="end"),
        "contact_form": ContactForm(prefix="contact"),
        "refused": None,
        "labels": LABELS,
        "kinds": CONTACT_KINDS,
        "steps": history.history(db.session, match),
        "paused_reason": history.paused_words,
    }
    context.update(forms)
    return render_template("matching/my_match.html", **context), status


@bp.get("/my-mentees")
@role_required(*MENTORS)
def my_mentees():
    mentor = services.is_mentor(db.session, current_user)
    show = request.args.get("show", "")
    show = show if show in services.MY_FILTERS else ""
    today = uk_today()
    matches = services.my_matches(db.session, current_user, show, today) if mentor else []
    return render_template(
        "matching/my_mentees.html",
        mentor=mentor,
        my_checks=checks.my_checks(db.session, current_user, today) if mentor else None,
        matches=matches,
        filter_label=services.MY_FILTERS.get(show),
        labels=LABELS,
        paused_reason=history.paused_words,
    )


@bp.get("/my-mentees/<int:match_id>")
@role_required(*MENTORS)
def my_match(match_id: int):
    return _match_page(_own_match(match_id))


@bp.post("/my-mentees/<int:match_id>/accept")
@role_required(*MENTORS)
def accept_match(match_id: int):
    match = _own_match(match_id)
    if not ActionForm().validate_on_submit():
        return redirect(url_for(".my_match", match_id=match.id))
    try:
        services.accept(db.session, current_user, match, uk_today())
    except NotMatchable as exc:
        db.session.rollback()
        return _match_page(_own_match(match_id), 409, refused=exc.reasons)
    except MatchError as exc:
        flash_error(exc)
    else:
        db.session.commit()
        flash("You accepted the match. It is now active.", "success")
    return redirect(url_for(".my_match", match_id=match.id))


@bp.post("/my-mentees/<int:match_id>/decline")
@role_required(*MENTORS)
def decline_match(match_id: int):
    match = _own_match(match_id)
    form = DeclineForm(prefix="decline")
    if form.validate_on_submit():
        try:
            services.decline(db.session, current_user, match, form.reason.data)
        except MatchError as exc:
            if on_its_field(form, exc):
                return _match_page(match, 400, decline_form=form)
        else:
            db.session.commit()
            flash("You declined the match. Your coordinator has been told.", "success")
            return redirect(url_for(".my_mentees"))
        return redirect(url_for(".my_match", match_id=match.id))
    return _match_page(match, 400, decline_form=form)


@bp.post("/my-mentees/<int:match_id>/ask-to-end")
@role_required(*MENTORS)
def ask_to_end(match_id: int):
    match = _own_match(match_id)
    form = AskToEndForm(prefix="end")
    if form.validate_on_submit():
        try:
            services.ask_to_end(db.session, current_user, match, form.reason.data)
        except MatchError as exc:
            if on_its_field(form, exc):
                return _match_page(match, 400, end_form=form)
        else:
            db.session.commit()
            flash("Your coordinator has been asked to end the match.", "success")
        return redirect(url_for(".my_match", match_id=match.id))
    return _match_page(match, 400, end_form=form)


@bp.post("/my-mentees/<int:match_id>/contacts")
@role_required(*MENTORS)
def log_contact(match_id: int):
    match = _own_match(match_id)
    form = ContactForm(prefix="contact")
    if form.validate_on_submit():
        details = services.ContactDetails(
            held_on=form.held_on.data,
            kind=form.kind.data,
            minutes=form.minutes.data,
            note=form.note.data or "",
            concern=bool(form.concern.data),
        )
        try:
            contact = services.log_contact(db.session, current_user, match, details, uk_today())
        except services.MentorError as exc:
            show_error(form, exc, default="flash")
        else:
            db.session.commit()
            told = " Your safeguarding lead has been told." if contact.concern else ""
            flash(f"Contact saved.{told}", "success")
            return redirect(url_for(".my_match", match_id=match.id))
        if not form.errors and not form.form_errors:
            return redirect(url_for(".my_match", match_id=match.id))
    return _match_page(_own_match(match_id), 400, contact_form=form)
