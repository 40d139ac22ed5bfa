"""Match pages: a mentee's candidates, proposing a match, and making it active, pausing,
resuming and ending it (ending after a confirmation page)."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Person
from lms.authz import role_required
from lms.extensions import db
from lms.matching import policy
from lms.matching.blueprint import LABELS, MANAGERS, bp
from lms.matching.concerns.services import concerns_of
from lms.matching.gate import screening
from lms.matching.matches import ranking, services
from lms.matching.matches.forms import EndForm, KeepForm, PauseForm
from lms.matching.mine import services as contacts
from lms.matching.models import CONTACT_KINDS, ENDED, Match, Mentee
from lms.numbers import query_int
from lms.ukdates import uk_today
from lms.web.forms import ActionForm, flash_error, on_its_field
from lms.web.loading import get_in_scheme_or_404


def _candidates_page(mentee: Mentee, refused=None, status: int = 200):
    name = request.args.get("q", "")[:100]
    pages = {
        "page": request.args.get("page", 1, type=query_int),
        "blocked_page": request.args.get("blocked_page", 1, type=query_int),
    }
    per_page = current_app.config["PAGE_SIZE"]
    return (
        render_template(
            "matching/candidates.html",
            mentee=mentee,
            found=ranking.candidates(
                db.session, mentee, uk_today(), name=name, per_page=per_page, **pages
            ),
            kinds=screening.KINDS,
            query=name,
            pages=pages,
            form=ActionForm(),
            refused=refused,
            labels=LABELS,
        ),
        status,
    )


@bp.get("/mentees/<int:mentee_id>/candidates")
@role_required(*MANAGERS)
def candidates(mentee_id: int):
    return _candidates_page(get_in_scheme_or_404(Mentee, mentee_id, may=policy.may_coordinate))


@bp.post("/mentees/<int:mentee_id>/candidates/<int:mentor_id>")
@role_required(*MANAGERS)
def propose(mentee_id: int, mentor_id: int):
    mentee = get_in_scheme_or_404(Mentee, mentee_id, may=policy.may_coordinate)
    mentor = get_in_scheme_or_404(
        Person, mentor_id, may=lambda _actor, scheme_id: scheme_id == mentee.scheme_id
    )
    if not ActionForm().validate_on_submit():
        return redirect(url_for(".candidates", mentee_id=mentee.id))
    try:
        match = services.propose_match(db.session, current_user, mentor, mentee, uk_today())
    except services.NotMatchable as exc:
        db.session.rollback()
        # The gate said no at submit time (something changed since the page was shown).
        return _candidates_page(mentee, refused=(mentor, exc.reasons), status=409)
    except services.MatchError as exc:
        flash_error(exc)
        return redirect(url_for(".candidates", mentee_id=mentee.id))
    db.session.commit()
    flash(f"Match proposed: {mentor.name} with {mentee.reference}.", "success")
    return redirect(url_for(".match", match_id=match.id))


def _end_form(match: Match) -> EndForm:
    """The end form; when the mentor asked to end the match, filled in with their request."""
    if match.end_asked_at is None or match.status == ENDED:
        return EndForm(prefix="end")
    return EndForm(prefix="end", requested_by="mentor", reason=match.end_asked_reason)


def _match_page(match: Match, status: int = 200, **forms):
    """The match page, with a failed form's errors or the gate's reasons if there are any."""
    context = {
        "match": match,
        "next_up": [],
        "refused": None,
        "action_form": ActionForm(),
        "pause_form": PauseForm(prefix="pause"),
        "keep_form": KeepForm(prefix="keep"),
        "labels": LABELS,
        "last_contact": contacts.last_contact(db.session, match),
        "concerns": concerns_of(db.session, match),
        "kinds": CONTACT_KINDS,
    }
    context.update(forms)
    return render_template("matching/match.html", **context), status


@bp.get("/matches/<int:match_id>")
@role_required(*MANAGERS)
def match(match_id: int):
    match = get_in_scheme_or_404(Match, match_id, may=policy.may_coordinate)
    if match.status != ENDED:
        return _match_page(match)
    return _match_page(
        match, next_up=services.next_candidates(db.session, match.mentee, uk_today())
    )


@bp.post("/matches/<int:match_id>/activate")
@bp.post("/matches/<int:match_id>/resume", endpoint="resume")
@role_required(*MANAGERS)
def activate(match_id: int):
    match = get_in_scheme_or_404(Match, match_id, may=policy.may_coordinate)
    resuming = request.endpoint == "matching.resume"
    if not ActionForm().validate_on_submit():
        return redirect(url_for(".match", match_id=match.id))
    try:
        if resuming:
            services.resume(db.session, current_user, match, uk_today())
        else:
            services.activate(db.session, current_user, match, uk_today())
    except services.NotMatchable as exc:
        db.session.rollback()
        return _match_page(
            get_in_scheme_or_404(Match, match_id, may=policy.may_coordinate),
            409,
            refused=exc.reasons,
        )
    except services.MatchError as exc:
        flash_error(exc)
    else:
        db.session.commit()
        flash("Match resumed." if resuming else "Match is now active.", "success")
    return redirect(url_for(".match", match_id=match.id))


@bp.post("/matches/<int:match_id>/pause")
@role_required(*MANAGERS)
def pause(match_id: int):
    match = get_in_scheme_or_404(Match, match_id, may=policy.may_coordinate)
    form = PauseForm(prefix="pause")
    if form.validate_on_submit():
        try:
            services.pause(db.session, current_user, match, form.reason.data)
        except services.MatchError as exc:
            if on_its_field(form, exc):
                return _match_page(match, 400, pause_form=form)
        else:
            db.session.commit()
            flash("Match paused.", "success")
        return redirect(url_for(".match", match_id=match.id))
    return _match_page(match, 400, pause_form=form)


@bp.route("/matches/<int:match_id>/end", methods=["GET", "POST"])
@role_required(*MANAGERS)
def end(match_id: int):
    """GET: the confirmation page (who asked, why, and what ending does). POST: end it."""
    match = get_in_scheme_or_404(Match, match_id, may=policy.may_coordinate)
    if match.status == ENDED:
        flash("This match has already ended.", "important")
        return redirect(url_for(".match", match_id=match.id))
    if request.method == "GET":
        if match.mentor_id == current_user.id:  # nobody decides about their own match
            flash("You cannot end a match in which you are the mentor.", "important")
            return redirect(url_for(".match", match_id=match.id))
        return render_template("matching/confirm_end.html", match=match, form=_end_form(match))
    form = EndForm(prefix="end")
    if form.validate_on_submit():
        try:
            services.end_match(
                db.session, current_user, match, form.reason.data, form.requested_by.data
            )
        except services.MatchError as exc:
            if on_its_field(form, exc):
                return render_template("matching/confirm_end.html", match=match, form=form), 400
        else:
            db.session.commit()
            flash("Match ended. Here are the next mentors who could be offered.", "success")
        return redirect(url_for(".match", match_id=match.id))
    return render_template("matching/confirm_end.html", match=match, form=form), 400


@bp.post("/matches/<int:match_id>/keep")
@role_required(*MANAGERS)
def keep(match_id: int):
    """The coordinator keeps going a match the mentor asked to end; the mentor is told why."""
    match = get_in_scheme_or_404(Match, match_id, may=policy.may_coordinate)
    form = KeepForm(prefix="keep")
    if form.validate_on_submit():
        try:
            services.keep_match(db.session, current_user, match, form.reason.data)
        except services.MatchError as exc:
            if on_its_field(form, exc):
                return _match_page(match, 400, keep_form=form)
        else:
            db.session.commit()
            flash("The match carries on. The mentor has been told.", "success")
        return redirect(url_for(".match", match_id=match.id))
    return _match_page(match, 400, keep_form=form)
