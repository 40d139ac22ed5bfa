"""Trainees without email: a trainer, coordinator or admin adds one with a username, and prints
their sign-in card (again later, when they forget their password). The code is shown once: it
waits in the staff member's session only until the card page shows it."""

from __future__ import annotations

from flask import abort, make_response, redirect, render_template, request, session, url_for
from flask_login import current_user

from lms.accounts import cards
from lms.accounts import services as accounts
from lms.accounts.models import Person
from lms.authz import role_required
from lms.certificates.pdf import qr_svg_data_uri
from lms.extensions import db
from lms.forms import choices
from lms.links import base_url, external_url
from lms.people.forms import NewCardForm, NewTraineeForm
from lms.people.routes import INVITERS, bp
from lms.web.forms import render_form, show_error
from lms.web.loading import get_or_404

FRESH = "fresh_sign_in_card"  # session key: the code just made, until the card page shows it


def _printable(person_id: int) -> Person:
    """The person, if the signed-in staff member may print their card; otherwise 404."""
    person = get_or_404(Person, person_id)
    if not cards.may_print_card(current_user, person):
        abort(404)
    return person


@bp.route("/trainee/new", methods=["GET", "POST"])
@role_required(*INVITERS)
def new_trainee():
    form = NewTraineeForm()
    schemes = accounts.invitable_schemes(db.session, current_user)
    form.scheme.choices = choices((scheme.id, scheme.name) for scheme in schemes)
    if request.method == "GET" and schemes:
        form.scheme.data = current_user.scheme_id or schemes[0].id
    if form.validate_on_submit():
        scheme = next((s for s in schemes if s.id == form.scheme.data), None)
        try:
            person, code = cards.create_trainee(
                db.session,
                current_user,
                name=form.name.data,
                username=form.username.data,
                scheme=scheme,
            )
        except accounts.AccountError as exc:
            show_error(form, exc, "username")
        else:
            db.session.commit()
            session[FRESH] = {"p": person.id, "c": code}
            return redirect(url_for("people.card", person_id=person.id))
    return render_form("people/new_trainee.html", form, schemes=schemes)


@bp.get("/<int:person_id>/card")
@role_required(*INVITERS)
def card(person_id: int):
    """The card just made, once; after that, how to print a new one."""
    person = _printable(person_id)
    fresh = session.get(FRESH) or {}
    code = fresh.get("c") if fresh.get("p") == person.id else None
    if code:
        session.pop(FRESH, None)
    return _card_page(person, code, NewCardForm())


@bp.post("/<int:person_id>/card")
@role_required(*INVITERS)
def print_card(person_id: int):
    person = _printable(person_id)
    form = NewCardForm()
    if form.validate_on_submit():
        try:
            code = cards.print_card(db.session, current_user, person, form.reason.data)
        except accounts.AccountError as exc:
            show_error(form, exc, "reason")
        else:
            db.session.commit()
            session[FRESH] = {"p": person.id, "c": code}
            return redirect(url_for("people.card", person_id=person.id))
    return _card_page(person, None, form), 400


def _card_page(person: Person, code: str | None, form: NewCardForm):
    sign_in = external_url("auth.sign_in")
    page = render_template(
        "people/card.html",
        person=person,
        code=code,
        form=form,
        site=base_url(),
        sign_in=sign_in,
        qr=qr_svg_data_uri(sign_in) if code else None,
        has_card=cards.has_current_card(person),
    )
    response = make_response(page)
    # The one-time code must not come back from a shared PC's history or disk cache.
    response.headers["Cache-Control"] = "private, no-store"
    return response
