"""Mentee pages: the list, registering, a mentee's page and editing the record."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Role
from lms.authz import role_required
from lms.extensions import db
from lms.matching import policy
from lms.matching.blueprint import LABELS, MANAGERS, bp, list_scheme_id, schemes
from lms.matching.conflicts.forms import ConflictForm, conflict_form
from lms.matching.conflicts.services import conflicts_of
from lms.matching.fields import RecordError, form_values, parse_languages
from lms.matching.mentees import services
from lms.matching.mentees.fields import MAPPA_CHOICES, MENTEE_FIELDS, MenteeDetails
from lms.matching.mentees.forms import MenteeForm
from lms.matching.models import Mentee
from lms.ukdates import uk_today
from lms.web.forms import ActionForm, render_form, show_error
from lms.web.loading import get_in_scheme_or_404
from lms.web.paging import paginate

FORM_FIELDS = (*MENTEE_FIELDS, "restricted_notes")


@bp.get("/mentees")
@role_required(*MANAGERS)
def mentees():
    query = request.args.get("q", "")
    show = request.args.get("show", "")
    if show not in services.MENTEE_FILTERS:
        show = ""
    scheme_id = list_scheme_id()
    pagination = paginate(services.mentees_query(scheme_id, query, show, uk_today()))
    args = {k: v for k, v in {"q": query, "show": show, "scheme": scheme_id}.items() if v}
    return render_template(
        "matching/mentees.html",
        pagination=pagination,
        open_matches=services.open_matches(db.session, [m.id for m in pagination.items]),
        query=query,
        show=show,
        filters=services.MENTEE_FILTERS,
        schemes=schemes(),
        scheme_id=scheme_id,
        args=args,
        today=uk_today(),
    )


def _mentee_form(mentee: Mentee | None) -> MenteeForm:
    if mentee is None:
        form = MenteeForm()
    else:
        data = form_values(mentee, FORM_FIELDS)
        data["mappa_level"] = str(mentee.mappa_level) if mentee.mappa_level else "none"
        form = MenteeForm(data=data)
    if mentee is None and current_user.has_role(Role.ADMIN):
        form.scheme_id.choices = [(s.id, s.name) for s in schemes()]
        if request.method == "GET" and current_user.scheme_id:
            form.scheme_id.data = current_user.scheme_id
    else:
        del form.scheme_id
    may_see_notes = (
        policy.may_see_notes(current_user, mentee)
        if mentee is not None
        else current_user.has_role(Role.COORDINATOR)
    )
    if not may_see_notes:
        del form.restricted_notes
    if mentee is not None:
        form.submit.label.text = "Save changes"
    return form


def _mentee_details(form: MenteeForm) -> MenteeDetails:
    notes = form.restricted_notes.data if "restricted_notes" in form else None
    return MenteeDetails(
        reference=form.reference.data or "",
        area=form.area.data or "",
        gender=form.gender.data,
        gender_preference=form.gender_preference.data,
        under_18=bool(form.under_18.data),
        womens_pathway=bool(form.womens_pathway.data),
        needs=list(form.needs.data or []),
        languages=parse_languages(form.languages.data or ""),
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
            mentee = services.register_mentee(
                db.session, current_user, scheme_id, _mentee_details(form), uk_today()
            )
        except RecordError as exc:
            show_error(form, exc, default="flash")
        else:
            db.session.commit()
            flash(f"Mentee {mentee.reference} registered.", "success")
            return redirect(url_for(".mentee", mentee_id=mentee.id))
    return render_form("matching/mentee_form.html", form, mentee=None)


@bp.get("/mentees/<int:mentee_id>")
@role_required(*MANAGERS)
def mentee(mentee_id: int):
    return mentee_page(get_in_scheme_or_404(Mentee, mentee_id, may=policy.may_coordinate))


def mentee_page(mentee: Mentee, form: ConflictForm | None = None, code: int = 200):
    """The mentee's page; a refused conflict declaration shows it again (400) with its errors."""
    page = render_template(
        "matching/mentee.html",
        mentee=mentee,
        matches=services.matches_of(db.session, mentee),
        conflicts=conflicts_of(db.session, mentee),
        conflict_form=form or conflict_form(mentee),
        action_form=ActionForm(),
        show_notes=policy.may_see_notes(current_user, mentee),
        labels=LABELS,
        mappa=dict(MAPPA_CHOICES),
        today=uk_today(),
    )
    return page, code


@bp.route("/mentees/<int:mentee_id>/edit", methods=["GET", "POST"])
@role_required(*MANAGERS)
def edit_mentee(mentee_id: int):
    mentee = get_in_scheme_or_404(Mentee, mentee_id, may=policy.may_coordinate)
    form = _mentee_form(mentee)
    if form.validate_on_submit():
        try:
            changed = services.update_mentee(
                db.session, current_user, mentee, _mentee_details(form), uk_today()
            )
        except RecordError as exc:
            show_error(form, exc, default="flash")
        else:
            db.session.commit()
            flash(
                f"Mentee {mentee.reference} saved." if changed else "Nothing was changed.",
                "success",
            )
            return redirect(url_for(".mentee", mentee_id=mentee.id))
    return render_form("matching/mentee_form.html", form, mentee=mentee)
