"""Match pages: a mentee's candidates, proposing a match, and making it active, pausing,
resuming and ending it."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Person
from lms.authz import role_required
from lms.extensions import db
from lms.matching import policy
from lms.matching.blueprint import LABELS, MANAGERS, bp
from lms.matching.gate import screening
from lms.matching.matches import ranking, services
from lms.matching.matches.forms import EndForm, PauseForm
from lms.matching.mine import services as contacts
from lms.matching.models import ENDED, Match, Mentee
from lms.numbers import query_int
from lms.ukdates import uk_today
from lms.web.forms import ActionForm, flash_error
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


def _match_page(match: Match, status: int = 200, **forms):
    """The match page, with a failed form's errors or the gate's reasons if there are any."""
    context = {
        "match": match,
        "next_up": [],
        "refused": None,
        "action_form": ActionForm(),
        "pause_form": PauseForm(prefix="pause"),
        "end_form": EndForm(prefix="end"),
        "labels": LABELS,
        "last_contact": contacts.last_contact(db.session, match),
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
            flash_error(exc)
        else:
            db.session.commit()
            flash("Match paused.", "success")
        return redirect(url_for(".match", match_id=match.id))
    return _match_page(match, pause_form=form)


@bp.post("/matches/<int:match_id>/end")
@role_required(*MANAGERS)
def end(match_id: int):
    match = get_in_scheme_or_404(Match, match_id, may=policy.may_coordinate)
    form = EndForm(prefix="end")
    if form.validate_on_submit():
        try:
            services.end_match(
                db.session, current_user, match, form.reason.data, form.requested_by.data
            )
        except services.MatchError as exc:
            flash_error(exc)
        else:
            db.session.commit()
            flash("Match ended. Here are the next mentors who could be offered.", "success")
        return redirect(url_for(".match", match_id=match.id))
    return _match_page(match, end_form=form)
