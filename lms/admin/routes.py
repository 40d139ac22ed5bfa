"""Admin pages: search and page through schemes and people; change roles; deactivate."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from lms.accounts import services as accounts
from lms.accounts.contacts import contacts_row, eligible_contacts, set_safeguarding_contacts
from lms.accounts.models import Person, Role, Scheme
from lms.admin.forms import PersonForm, SchemeForm, StatusForm
from lms.authz import role_required
from lms.extensions import db
from lms.forms import choices
from lms.numbers import query_int
from lms.web.forms import show_error
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
    return render_template("admin/scheme_form.html", form=form, scheme=scheme, staff=staff)


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
    query = request.args.get("q", "")
    scheme_id = request.args.get("scheme", 0, type=query_int)
    role_value = request.args.get("role", "")
    role = Role(role_value) if role_value in {r.value for r in Role} else None
    status = request.args.get("status", "")
    stmt = accounts.search_people(query, scheme_id=scheme_id, role=role, status=status)
    return render_template(
        "admin/people.html",
        pagination=paginate(stmt),
        query=query,
        scheme_id=scheme_id,
        role=role.value if role else "",
        status=status,
        scheme_choices=_scheme_choices("All schemes"),
        roles=list(Role),
    )


@bp.route("/people/<int:person_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def person(person_id: int):
    person = get_or_404(Person, person_id)
    form = PersonForm(obj=person)
    form.scheme.choices = choices(_scheme_choices())
    if request.method == "GET":
        form.roles.data = [r.value for r in person.sorted_roles]
        form.scheme.data = person.scheme_id or 0
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
    return render_template("admin/person.html", person=person, form=form, status_form=StatusForm())


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
            flash(exc.message, "important")
        else:
            db.session.commit()
            done = "reactivated" if change is accounts.reactivate else "deactivated"
            flash(f"{person.name}'s account has been {done}.", "success")
    else:
        flash("Say why, so the audit trail records the reason.", "important")
    return redirect(url_for("admin.person", person_id=person.id))
