"""Pages where coordinators and admins create and revoke their scheme's API keys."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select
from wtforms import SelectField, StringField, SubmitField
from wtforms.validators import InputRequired, Length

from lms.accounts.models import Role, Scheme
from lms.api import keys
from lms.api.models import ApiKey
from lms.authz import role_required
from lms.extensions import db
from lms.forms import PlainName, choices
from lms.web.forms import ActionForm, Form, render_form, show_error
from lms.web.loading import get_or_404

bp = Blueprint("api_keys", __name__, url_prefix="/api-keys")


class NewKeyForm(Form):
    name = StringField(
        "Name of the system that will use the key",
        validators=[InputRequired("Give the key a name"), Length(max=100), PlainName("key's name")],
    )
    scheme = SelectField("Scheme", coerce=int)
    submit = SubmitField("Create key")


def _schemes() -> list[Scheme]:
    if current_user.has_role(Role.ADMIN):
        return list(db.session.scalars(select(Scheme).order_by(Scheme.name)))
    return [current_user.scheme] if current_user.scheme else []


@bp.route("/", methods=["GET", "POST"])
@role_required(Role.COORDINATOR, Role.ADMIN)
def index():
    schemes = _schemes()
    form = NewKeyForm()
    form.scheme.choices = choices((s.id, s.name) for s in schemes)
    if request.method == "GET" and schemes:
        form.scheme.data = schemes[0].id
    new_key = None
    if form.validate_on_submit():
        scheme = next((s for s in schemes if s.id == form.scheme.data), None)
        if scheme is None:
            abort(404)
        try:
            _, new_key = keys.create_key(db.session, current_user, scheme, form.name.data)
        except keys.ApiKeyError as exc:
            show_error(form, exc, "name")
        else:
            db.session.commit()
    listed = [k for s in schemes for k in keys.keys_for(db.session, s.id)]
    return render_form(
        "api_keys/index.html",
        form,
        keys=listed,
        new_key=new_key,
        schemes=schemes,
        key_works=keys.creator_may_act,
    )


@bp.post("/<int:key_id>/revoke")
@role_required(Role.COORDINATOR, Role.ADMIN)
def revoke(key_id: int):
    key = get_or_404(ApiKey, key_id)
    if not keys.may_manage_keys(current_user, key.scheme):
        abort(404)
    if ActionForm().validate_on_submit():
        keys.revoke_key(db.session, current_user, key)
        db.session.commit()
        flash(f"Key {key.name} revoked. Calls with it now fail.", "success")
    return redirect(url_for(".index"))
