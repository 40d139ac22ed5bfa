"""Coordinator pages: mentees, mentor profiles, conflicts, supervision, candidates and matches."""

from __future__ import annotations

import csv
import io

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from lms.accounts.models import Person, Role, Scheme
from lms.authz import role_required
from lms.extensions import db
from lms.matching import board, ranking, records, services
from lms.matching.forms import (
    MAPPA_CHOICES,
    REQUESTED_BY,
    ActionForm,
    ConflictForm,
    EndForm,
    MenteeForm,
    PauseForm,
    ProfileForm,
    SupervisionForm,
)
from lms.matching.gate import screening
from lms.matching.models import (
    CONFLICT_KINDS,
    ENDED,
    GENDER_PREFERENCES,
    GENDERS,
    NEEDS,
    DeclaredConflict,
    Match,
    Mentee,
)
from lms.numbers import query_int
from lms.ukdates import uk_today

bp = Blueprint("matching", __name__, url_prefix="/matching")
MANAGERS = (Role.COORDINATOR, Role.ADMIN)
SUPERVISORS = (Role.TRAINER, Role.ADMIN)
EVERYONE_SIGNED_IN = (Role.TRAINEE, Role.TRAINER, Role.COORDINATOR, Role.ADMIN)
LABELS = {
    "needs": NEEDS,
    "genders": GENDERS,
    "preferences": GENDER_PREFERENCES,
    "conflicts": CONFLICT_KINDS,
    "requested_by": REQUESTED_BY,
}


# ---------------------------------------------------------------------------
# Loading objects the caller may touch (404 for other schemes, as if they did not exist)


def _mentee(mentee_id: int) -> Mentee:
    mentee = db.session.get(Mentee, mentee_id)
    if mentee is None or not records.coordinates(current_user, mentee.scheme_id):
        abort(404)
    return mentee


def _match(match_id: int) -> Match:
    match = db.session.get(Match, match_id)
    if match is None or not records.coordinates(current_user, match.scheme_id):
        abort(404)
    return match


def _managed_mentor(person_id: int) -> Person:
    mentor = records.find_mentor(db.session, person_id)
    if mentor is None or not records.coordinates(current_user, mentor.scheme_id):
        abort(404)
    return mentor


def _supervised_mentor(person_id: int) -> Person:
    mentor = records.find_mentor(db.session, person_id)
    if mentor is None:
        abort(404)
    if not current_user.has_role(Role.ADMIN) and mentor.scheme_id != current_user.scheme_id:
        abort(404)
    return mentor


def _list_scheme_id() -> int | None:
    """Coordinators see their own scheme; admins every scheme unless they pick one."""
    if current_user.has_role(Role.ADMIN):
        return request.args.get("scheme", type=query_int)
    return current_user.scheme_id


def _schemes() -> list[Scheme]:
    if not current_user.has_role(Role.ADMIN):
        return []
    return list(db.session.scalars(select(Scheme).order_by(Scheme.name)))


def _apply_error(form, exc: records.RecordError) -> None:
    db.session.rollback()
    target = getattr(form, exc.field, None) if exc.field else None
    if target is None:
        flash(exc.message, "important")
    else:
        target.errors = [*target.errors, exc.message]


# ---------------------------------------------------------------------------
# Mentees


@bp.get("/mentees")
@role_required(*MANAGERS)
def mentees():
    query = request.args.get("q", "")
    show = request.args.get("show", "")
    if show not in records.MENTEE_FILTERS:
        show = ""
    scheme_id = _list_scheme_id()
    pagination = db.paginate(
        records.mentees_query(scheme_id, query, show, uk_today()),
        page=request.args.get("page", 1, type=query_int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    args = {k: v for k, v in {"q": query, "show": show, "scheme": scheme_id}.items() if v}
    return render_template(
        "matching/mentees.html",
        pagination=pagination,
        open_matches=records.open_matches(db.session, [m.id for m in pagination.items]),
        query=query,
        show=show,
        filters=records.MENTEE_FILTERS,
        schemes=_schemes(),
        scheme_id=scheme_id,
        args=args,
        today=uk_today(),
    )


MENTEE_FIELDS = (*records.MENTEE_FIELDS, "restricted_notes")
PROFILE_FIELDS = ("available", "capacity", "area", "gender", "needs_experience", "interests")


def _form_data(record, names: tuple[str, ...]) -> dict[str, object]:
    """A record's values as its form shows them (languages as text, MAPPA level as a choice)."""
    data = {name: getattr(record, name) for name in names}
    data["languages"] = ", ".join(record.languages or [])
    if isinstance(record, Mentee):
        data["mappa_level"] = str(record.mappa_level) if record.mappa_level else "none"
    return data


def _mentee_form(mentee: Mentee | None) -> MenteeForm:
    form = (
        MenteeForm(data=_form_data(mentee, MENTEE_FIELDS)) if mentee is not None else MenteeForm()
    )
    if mentee is None and current_user.has_role(Role.ADMIN):
        form.scheme_id.choices = [(s.id, s.name) for s in _schemes()]
        if request.method == "GET" and current_user.scheme_id:
            form.scheme_id.data = current_user.scheme_id
    else:
        del form.scheme_id
    may_see_notes = (
        records.may_see_notes(current_user, mentee)
        if mentee is not None
        else current_user.has_role(Role.COORDINATOR)
    )
    if not may_see_notes:
        del form.restricted_notes
    if mentee is not None:
        form.submit.label.text = "Save changes"
    return form


def _mentee_details(form: MenteeForm) -> records.MenteeDetails:
    notes = form.restricted_notes.data if "restricted_notes" in form else None
    return records.MenteeDetails(
        reference=form.reference.data or "",
        area=form.area.data or "",
        gender=form.gender.data,
        gender_preference=form.gender_preference.data,
        under_18=bool(form.under_18.data),
        needs=list(form.needs.data or []),
        languages=records.parse_languages(form.languages.data or ""),
        in_custody=bool(form.in_custody.data),
        release_date=form.release_date.data,
        mappa_level=form.mappa_value,
        high_risk=bool(form.high_risk.data),
        probation_agreed=bool(form.probation_agreed.data),
        restricted_notes=notes,
    )


@bp.route("/mentees/new", methods=["GET", "POST"])
@role_required(*MANAGERS)
def new_mentee():
    form = _mentee_form(None)
    if form.validate_on_submit():
        scheme_id = form.scheme_id.data if "scheme_id" in form else current_user.scheme_id
        try:
            mentee = records.register_mentee(
                db.session, current_user, scheme_id, _mentee_details(form), uk_today()
            )
        except records.RecordError as exc:
            _apply_error(form, exc)
        else:
            db.session.commit()
            flash(f"Mentee {mentee.reference} registered.", "success")
            return redirect(url_for(".mentee", mentee_id=mentee.id))
    return render_template("matching/mentee_form.html", form=form, mentee=None)


@bp.get("/mentees/<int:mentee_id>")
@role_required(*MANAGERS)
def mentee(mentee_id: int):
    mentee = _mentee(mentee_id)
    return render_template(
        "matching/mentee.html",
        mentee=mentee,
        matches=records.matches_of(db.session, mentee),
        conflicts=records.conflicts_of(db.session, mentee),
        conflict_form=_conflict_form(mentee),
        action_form=ActionForm(),
        show_notes=records.may_see_notes(current_user, mentee),
        labels=LABELS,
        mappa=dict(MAPPA_CHOICES),
        today=uk_today(),
    )


@bp.route("/mentees/<int:mentee_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit_mentee(mentee_id: int):
    mentee = _mentee(mentee_id)
    form = _mentee_form(mentee)
    if form.validate_on_submit():
        try:
            changed = records.update_mentee(
                db.session, current_user, mentee, _mentee_details(form), uk_today()
            )
        except records.RecordError as exc:
            _apply_error(form, exc)
        else:
            db.session.commit()
            flash(
                f"Mentee {mentee.reference} saved." if changed else "Nothing was changed.",
                "success",
            )
            return redirect(url_for(".mentee", mentee_id=mentee.id))
    return render_template("matching/mentee_form.html", form=form, mentee=mentee)


def _conflict_form(mentee: Mentee) -> ConflictForm:
    form = ConflictForm()
    form.mentor_id.choices = [
        (0, "Choose a mentor"),
        # Nobody declares conflicts of their own (lms/accounts/duties.py), so they are not offered.
        *[
            (m.id, m.name)
            for m in records.scheme_mentors(db.session, mentee.scheme_id)
            if m.id != current_user.id
        ],
    ]
    return form


@bp.post("/mentees/<int:mentee_id>/conflicts")
@role_required(*MANAGERS)
def add_conflict(mentee_id: int):
    mentee = _mentee(mentee_id)
    form = _conflict_form(mentee)
    if form.validate_on_submit():
        try:
            conflict = records.add_conflict(
                db.session, current_user, mentee, form.mentor_id.data, form.kind.data
            )
        except records.RecordError as exc:
            db.session.rollback()
            flash(exc.message, "important")
        else:
            open_match = records.open_match_between(db.session, conflict.mentor_id, mentee.id)
            db.session.commit()
            flash("Conflict recorded. They will not be matched.", "success")
            if open_match is not None:
                flash(
                    "They already have a match that is not ended: open it from the list of "
                    "matches below and end it.",
                    "important",
                )
    else:
        flash("Choose a mentor and what the conflict is.", "important")
    return redirect(url_for(".mentee", mentee_id=mentee.id, _anchor="conflicts"))


@bp.post("/conflicts/<int:conflict_id>/remove")
@role_required(*MANAGERS)
def remove_conflict(conflict_id: int):
    conflict = db.session.get(DeclaredConflict, conflict_id)
    if conflict is None:
        abort(404)
    mentee = _mentee(conflict.mentee_id)
    if ActionForm().validate_on_submit():
        records.remove_conflict(db.session, current_user, conflict)
        db.session.commit()
        flash("Conflict removed.", "success")
    return redirect(url_for(".mentee", mentee_id=mentee.id, _anchor="conflicts"))


# ---------------------------------------------------------------------------
# Mentor profiles


def _profile_form(person: Person) -> ProfileForm:
    profile = records.profile_of(db.session, person)
    return ProfileForm(data=_form_data(profile, PROFILE_FIELDS))


def _profile_details(form: ProfileForm) -> records.ProfileDetails:
    return records.ProfileDetails(
        available=bool(form.available.data),
        capacity=form.capacity.data,
        area=form.area.data or "",
        languages=records.parse_languages(form.languages.data or ""),
        gender=form.gender.data,
        needs_experience=list(form.needs_experience.data or []),
        interests=form.interests.data or "",
    )


def _save_profile(person: Person, form: ProfileForm) -> bool:
    if not form.validate_on_submit():
        return False
    try:
        records.save_profile(db.session, current_user, person, _profile_details(form))
    except records.RecordError as exc:
        _apply_error(form, exc)
        return False
    db.session.commit()
    return True


@bp.route("/profile", methods=["GET", "POST"])
@role_required(*EVERYONE_SIGNED_IN)
def my_profile():
    if not records.has_held_certificate(db.session, current_user):
        return render_template("matching/no_profile.html")
    form = _profile_form(current_user)
    if _save_profile(current_user, form):
        flash("Your mentor profile is saved.", "success")
        return redirect(url_for(".my_profile"))
    return render_template("matching/profile.html", form=form, person=current_user, own=True)


@bp.route("/mentors/<int:person_id>/profile", methods=["GET", "POST"])
@role_required(*MANAGERS)
def mentor_profile(person_id: int):
    mentor = _managed_mentor(person_id)
    form = _profile_form(mentor)
    if _save_profile(mentor, form):
        flash(f"Mentor profile of {mentor.name} saved.", "success")
        return redirect(url_for(".mentor_profile", person_id=mentor.id))
    return render_template("matching/profile.html", form=form, person=mentor, own=False)


# ---------------------------------------------------------------------------
# Supervision


@bp.get("/supervision")
@role_required(*SUPERVISORS)
def supervision():
    query = request.args.get("q", "")
    scheme_id = _list_scheme_id()
    pagination = db.paginate(
        records.mentors_query(scheme_id, query),
        page=request.args.get("page", 1, type=query_int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )
    return render_template(
        "matching/supervision.html",
        pagination=pagination,
        last=records.last_supervision(db.session, [p.id for p in pagination.items]),
        query=query,
        args={"q": query} if query else {},
        today=uk_today(),
    )


@bp.route("/supervision/<int:person_id>", methods=["GET", "POST"])
@role_required(*SUPERVISORS)
def supervise(person_id: int):
    mentor = _supervised_mentor(person_id)
    form = SupervisionForm()
    may_record = records.may_supervise(current_user, mentor)
    # The service refuses anyone recording their own supervision (lms/accounts/duties.py).
    if form.validate_on_submit():
        try:
            records.record_supervision(
                db.session,
                current_user,
                mentor,
                form.held_on.data,
                form.wellbeing.data or "",
                form.support_agreed.data or "",
                uk_today(),
            )
        except records.RecordError as exc:
            _apply_error(form, exc)
        else:
            db.session.commit()
            flash(f"Supervision session with {mentor.name} saved.", "success")
            return redirect(url_for(".supervise", person_id=mentor.id))
    return render_template(
        "matching/supervise.html",
        mentor=mentor,
        form=form,
        may_record=may_record,
        sessions=records.supervision_of(db.session, mentor),
    )


# ---------------------------------------------------------------------------
# Candidates and matches


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
    return _candidates_page(_mentee(mentee_id))


@bp.post("/mentees/<int:mentee_id>/candidates/<int:mentor_id>")
@role_required(*MANAGERS)
def propose(mentee_id: int, mentor_id: int):
    mentee = _mentee(mentee_id)
    mentor = db.session.get(Person, mentor_id)
    if mentor is None or mentor.scheme_id != mentee.scheme_id:
        abort(404)
    if not ActionForm().validate_on_submit():
        return redirect(url_for(".candidates", mentee_id=mentee.id))
    try:
        match = services.propose_match(db.session, current_user, mentor, mentee, uk_today())
    except services.NotMatchable as exc:
        db.session.rollback()
        # The gate said no at submit time (something changed since the page was shown).
        return _candidates_page(mentee, refused=(mentor, exc.reasons), status=409)
    except services.MatchError as exc:
        db.session.rollback()
        flash(exc.message, "important")
        return redirect(url_for(".candidates", mentee_id=mentee.id))
    db.session.commit()
    flash(f"Match proposed: {mentor.name} with {mentee.reference}.", "success")
    return redirect(url_for(".match", match_id=match.id))


@bp.get("/matches/<int:match_id>")
@role_required(*MANAGERS)
def match(match_id: int):
    match = _match(match_id)
    return render_template(
        "matching/match.html",
        match=match,
        next_up=(
            services.next_candidates(db.session, match.mentee, uk_today())
            if match.status == ENDED
            else []
        ),
        refused=None,
        action_form=ActionForm(),
        pause_form=PauseForm(prefix="pause"),
        end_form=EndForm(prefix="end"),
        labels=LABELS,
    )


def _match_page_with(match: Match, status: int, **forms):
    """Show the match page again, with a failed form's errors or the gate's reasons."""
    context = {
        "match": match,
        "next_up": [],
        "refused": None,
        "action_form": ActionForm(),
        "pause_form": PauseForm(prefix="pause"),
        "end_form": EndForm(prefix="end"),
        "labels": LABELS,
    }
    context.update(forms)
    return render_template("matching/match.html", **context), status


@bp.post("/matches/<int:match_id>/activate")
@bp.post("/matches/<int:match_id>/resume", endpoint="resume")
@role_required(*MANAGERS)
def activate(match_id: int):
    match = _match(match_id)
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
        return _match_page_with(_match(match_id), 409, refused=exc.reasons)
    except services.MatchError as exc:
        db.session.rollback()
        flash(exc.message, "important")
    else:
        db.session.commit()
        flash("Match resumed." if resuming else "Match is now active.", "success")
    return redirect(url_for(".match", match_id=match.id))


@bp.post("/matches/<int:match_id>/pause")
@role_required(*MANAGERS)
def pause(match_id: int):
    match = _match(match_id)
    form = PauseForm(prefix="pause")
    if form.validate_on_submit():
        try:
            services.pause(db.session, current_user, match, form.reason.data)
        except services.MatchError as exc:
            db.session.rollback()
            flash(exc.message, "important")
        else:
            db.session.commit()
            flash("Match paused.", "success")
        return redirect(url_for(".match", match_id=match.id))
    return _match_page_with(match, 200, pause_form=form)


@bp.post("/matches/<int:match_id>/end")
@role_required(*MANAGERS)
def end(match_id: int):
    match = _match(match_id)
    form = EndForm(prefix="end")
    if form.validate_on_submit():
        try:
            services.end_match(
                db.session, current_user, match, form.reason.data, form.requested_by.data
            )
        except services.MatchError as exc:
            db.session.rollback()
            flash(exc.message, "important")
        else:
            db.session.commit()
            flash("Match ended. Here are the next mentors who could be offered.", "success")
        return redirect(url_for(".match", match_id=match.id))
    return _match_page_with(match, 200, end_form=form)


# ---------------------------------------------------------------------------
# Dashboard and the accreditation register


def _dashboard_scheme() -> Scheme:
    """The coordinator's own scheme; admins choose one (their own, or the first, by default)."""
    if not current_user.has_role(Role.ADMIN):
        scheme = current_user.scheme
    else:
        wanted = request.args.get("scheme", type=query_int) or current_user.scheme_id
        scheme = db.session.get(Scheme, wanted) if wanted else None
        scheme = scheme or db.session.scalars(select(Scheme).order_by(Scheme.name)).first()
    if scheme is None:
        abort(404)
    return scheme


@bp.get("/")
@role_required(*MANAGERS)
def dashboard():
    scheme = _dashboard_scheme()
    return render_template(
        "matching/dashboard.html",
        scheme=scheme,
        schemes=_schemes(),
        board=board.dashboard(db.session, scheme.id, uk_today()),
        states=board.STATES,
        kinds=screening.KINDS,
        today=uk_today(),
    )


@bp.get("/mentors")
@role_required(*MANAGERS)
def mentors():
    """The scheme's mentors in one state (or all), a page at a time, with what blocks them."""
    scheme = _dashboard_scheme()
    state = request.args.get("state", "")
    state = state if state in board.STATES else ""
    page, counts = board.mentors_page(
        db.session,
        scheme.id,
        state,
        request.args.get("page", 1, type=query_int),
        current_app.config["PAGE_SIZE"],
        uk_today(),
    )
    args = {"state": state} if state else {}
    if current_user.has_role(Role.ADMIN):
        args["scheme"] = scheme.id
    return render_template(
        "matching/mentors.html",
        scheme=scheme,
        schemes=_schemes(),
        pagination=page,
        counts=counts,
        state=state,
        states=board.STATES,
        args=args,
    )


@bp.get("/register.csv")
@role_required(*MANAGERS)
def register_csv():
    scheme = _dashboard_scheme()
    buffer = io.StringIO()
    csv.writer(buffer).writerows(board.register_rows(db.session, scheme.id, uk_today()))
    return Response(
        buffer.getvalue(),
        mimetype="text/csv",
        headers={
            "Content-Disposition": f"attachment; filename=accreditation-register-{scheme.slug}.csv"
        },
    )
