"""Mentor profile pages: a mentor's own profile, and a mentor's profile as a coordinator sees it."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from lms.accounts.models import Person
from lms.authz import role_required
from lms.extensions import db
from lms.matching import policy
from lms.matching.blueprint import EVERYONE_SIGNED_IN, MANAGERS, bp
from lms.matching.fields import RecordError, form_values, parse_languages
from lms.matching.mentors import services
from lms.matching.mentors.forms import OwnProfileForm, ProfileForm
from lms.web.forms import form_status, render_form, show_error
from lms.web.loading import get_in_scheme_or_404

PROFILE_FIELDS = ("available", "capacity", "area", "gender", "needs_experience", "interests")


def _profile_form(person: Person) -> ProfileForm:
    """The mentor's own form speaks to them; a coordinator's speaks about the mentor."""
    profile = services.profile_of(db.session, person)
    form_class = OwnProfileForm if person.id == current_user.id else ProfileForm
    return form_class(data=form_values(profile, PROFILE_FIELDS))


def _profile_details(form: ProfileForm) -> services.ProfileDetails:
    return services.ProfileDetails(
        available=bool(form.available.data),
        capacity=form.capacity.data,
        area=form.area.data or "",
        languages=parse_languages(form.languages.data or ""),
        gender=form.gender.data,
        needs_experience=list(form.needs_experience.data or []),
        interests=form.interests.data or "",
    )


def _save_profile(person: Person, form: ProfileForm) -> bool:
    if not form.validate_on_submit():
        return False
    try:
        services.save_profile(db.session, current_user, person, _profile_details(form))
    except RecordError as exc:
        show_error(form, exc, default="flash")
        return False
    db.session.commit()
    return True


@bp.route("/profile", methods=["GET", "POST"])
@role_required(*EVERYONE_SIGNED_IN)
def my_profile():
    if not services.has_held_certificate(db.session, current_user):
        return render_template("matching/no_profile.html"), form_status(refused=True)
    form = _profile_form(current_user)
    if _save_profile(current_user, form):
        flash("Your mentor profile is saved.", "success")
        return redirect(url_for(".my_profile"))
    return render_form("matching/profile.html", form, person=current_user, own=True)


@bp.route("/mentors/<int:person_id>/profile", methods=["GET", "POST"])
@role_required(*MANAGERS)
def mentor_profile(person_id: int):
    mentor = get_in_scheme_or_404(Person, person_id, may=policy.may_coordinate)
    if not services.has_held_certificate(db.session, mentor):
        abort(404)  # only mentors have a profile page
    form = _profile_form(mentor)
    if _save_profile(mentor, form):
        flash(f"Mentor profile of {mentor.name} saved.", "success")
        return redirect(url_for(".mentor_profile", person_id=mentor.id))
    return render_form("matching/profile.html", form, person=mentor, own=False)
