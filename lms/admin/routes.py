"""Admin pages: search and page through schemes and people; change roles; deactivate."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from lms.accounts import cards, emails
from lms.accounts import services as accounts
from lms.accounts.contacts import contacts_row, eligible_contacts, set_safeguarding_contacts
from lms.accounts.models import Person, Role, Scheme
from lms.admin import people_list
from lms.admin.forms import PersonForm, SchemeForm, StatusForm
from lms.auth.forms import AddEmailForm
from lms.authz import role_required
from lms.exports import csv_response
from lms.extensions import db
from lms.forms import choices
from lms.web.forms import render_form, show_error
from lms.web.loading import get_or_404
from lms.web.paging import paginate

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _scheme_choices(blank: str = "No scheme") -> list[tuple[int, str]]:
    schemes = db.session.scalars(select(Scheme).order_by(Scheme.name))
    return [(0, blank)] + [(s.id, s.name) for s in schemes]


@bp.get("/schemes")
@role_required(Role.ADMIN)
def schemes():
    query = request.args.get("q", "")
    return render_template(
        "admin/schemes.html", pagination=paginate(accounts.search_schemes(query)), query=query
    )


@bp.route("/schemes/new", methods=["GET", "POST"])
@bp.route("/schemes/<int:scheme_id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def edit_scheme(scheme_id: int | None = None):
    scheme = get_or_404(Scheme, scheme_id) if scheme_id else None
    form = SchemeForm(obj=scheme)
    staff = eligible_contacts(db.session, scheme) if scheme else []
    _contact_choices(form, scheme, staff)
    if form.validate_on_submit():
        try:
            scheme = accounts.save_scheme(
                db.session,
                current_user,
                slug=form.slug.data,
                name=form.name.data,
                contact_email=form.contact_email.data,
                scheme=scheme,
            )
            if staff:
                set_safeguarding_contacts(
                    db.session,
                    current_user,
                    scheme,
                    lead_id=form.safeguarding_lead.data or None,
                    deputy_id=form.safeguarding_deputy.data or None,
                )
        except accounts.AccountError as exc:
            show_error(form, exc, "name")
        else:
            db.session.commit()
            flash(f"Scheme {scheme.name} saved.", "success")
            return redirect(url_for("admin.schemes"))
    return render_form("admin/scheme_form.html", form, scheme=scheme, staff=staff)


def _contact_choices(form: SchemeForm, scheme: Scheme | None, staff: list[Person]) -> None:
    """The scheme's staff as choices for lead and deputy, today's choice selected on a GET."""
    choices = [(0, "Not named yet")] + [(person.id, person.name) for person in staff]
    form.safeguarding_lead.choices = form.safeguarding_deputy.choices = choices
    row = contacts_row(db.session, scheme) if scheme else None
    if request.method == "GET" and row is not None:
        form.safeguarding_lead.data = row.safeguarding_lead_id or 0
        form.safeguarding_deputy.data = row.safeguarding_deputy_id or 0


@bp.get("/people")
@role_required(Role.ADMIN)
def people():
    filters = people_list.PeopleFilters.from_args(request.args)
    pagination = paginate(filters.statement())
    mentors = people_list.certified(db.session, (p.id for p in pagination.items))
    return render_template(
        "admin/people.html",
        pagination=pagination,
        mentors=mentors,
        role_words=people_list.role_words,
        filters=filters,
        args=filters.args(),
        sorts=[(key, label) for key, (label, _) in people_list.SORTS.items()],
        scheme_choices=_scheme_choices("All schemes"),
        roles=list(Role),
    )


@bp.get("/people.csv")
@role_required(Role.ADMIN)
def people_csv():
    filters = people_list.PeopleFilters.from_args(request.args)
    return csv_response(people_list.csv_rows(db.session, filters), "people.csv")


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def person(person_id: int):
    person = get_or_404(Person, person_id)
    form = _person_form(person, formdata=None if request.method == "GET" else request.form)
    if form.validate_on_submit():
        scheme = db.session.get(Scheme, form.scheme.data) if form.scheme.data else None
        try:
            accounts.update_person(
                db.session,
                current_user,
                person,
                name=form.name.data,
                roles=[Role(v) for v in form.roles.data],
                scheme=scheme,
                lead_trainer=form.lead_trainer.data,
            )
        except accounts.AccountError as exc:
            show_error(form, exc, "name")
        else:
            db.session.commit()
            flash(f"Changes to {person.name} saved.", "success")
            return redirect(url_for("admin.person", person_id=person.id))
    return render_form("admin/person.html", form, person=person, **_other_forms(person))


def _other_forms(person: Person, **forms) -> dict:
    """The person page's smaller forms (status, email) and whether a card may be printed."""
    return {
        "status_form": forms.get("status_form") or StatusForm(),
        "email_form": forms.get("email_form") or AddEmailForm(),
        "may_print_card": cards.may_print_card(current_user, person),
    }


@bp.post("/people/<int:person_id>/email")
@role_required(Role.ADMIN)
def add_email(person_id: int):
    person = get_or_404(Person, person_id)
    form = AddEmailForm()
    if form.validate_on_submit():
        try:
            emails.add_email(db.session, current_user, person, form.email.data)
        except accounts.AccountError as exc:
            show_error(form, exc, "email")
        else:
            db.session.commit()
            flash(f"Email address {person.email} added for {person.name}.", "success")
            return redirect(url_for("admin.person", person_id=person.id))
    page = render_template(
        "admin/person.html",
        person=person,
        form=_person_form(person),
        **_other_forms(person, email_form=form),
    )
    return page, 400


def _person_form(person: Person, formdata=None) -> PersonForm:
    """The details form: as stored (``formdata`` None) or as submitted."""
    form = PersonForm(formdata=formdata, obj=person)
    form.scheme.choices = choices(_scheme_choices())
    if formdata is None:
        form.roles.data = [r.value for r in person.sorted_roles]
        form.scheme.data = person.scheme_id or 0
    return form


@bp.post("/people/<int:person_id>/deactivate")
@bp.post("/people/<int:person_id>/reactivate", endpoint="reactivate")
@role_required(Role.ADMIN)
def deactivate(person_id: int):
    person = get_or_404(Person, person_id)
    form = StatusForm()
    change = accounts.reactivate if request.endpoint == "admin.reactivate" else accounts.deactivate
    if form.validate_on_submit():
        try:
            change(db.session, current_user, person, form.reason.data)
        except accounts.AccountError as exc:
            show_error(form, exc, "reason")
        else:
            db.session.commit()
            done = "reactivated" if change is accounts.reactivate else "deactivated"
            flash(f"{person.name}'s account has been {done}.", "success")
            return redirect(url_for("admin.person", person_id=person.id))
    page = render_template(
        "admin/person.html",
        person=person,
        form=_person_form(person),
        **_other_forms(person, status_form=form),
    )
    return page, 400
