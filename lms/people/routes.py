"""Invitations: an admin, coordinator or trainer invites a person to their scheme with a role."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts import services as accounts
from lms.accounts.models import Person, Role
from lms.authz import role_required
from lms.db import utcnow
from lms.extensions import db
from lms.forms import choices
from lms.people import services
from lms.people.forms import InviteForm
from lms.web.forms import ActionForm, render_form, show_error
from lms.web.loading import get_in_scheme_or_404
from lms.web.paging import paginate

bp = Blueprint("people", __name__, url_prefix="/invitations")

INVITERS = (Role.ADMIN, Role.COORDINATOR, Role.TRAINER)


@bp.get("/")
@role_required(*INVITERS)
def invitations():
    older = request.args.get("older") == str(services.INVITATION_WAIT_DAYS)
    stmt = services.pending_invitations(current_user)
    if older:  # the admin's home count: invitations not accepted after 7 days
        stmt = services.older_invitations(stmt, utcnow())
    return render_template(
        "people/invitations.html",
        pagination=paginate(stmt),
        form=ActionForm(),
        older=older,
        wait_days=services.INVITATION_WAIT_DAYS,
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required(*INVITERS)
def invite():
    form = InviteForm()
    roles = accounts.invitable_roles(current_user)
    schemes = accounts.invitable_schemes(db.session, current_user)
    if not schemes:
        flash("You are not part of a scheme yet, so you cannot invite anyone.", "important")
        return redirect(url_for("core.home"))
    form.role.choices = choices((role.value, role.label) for role in roles)
    form.scheme.choices = choices((scheme.id, scheme.name) for scheme in schemes)
    if request.method == "GET":
        form.scheme.data = current_user.scheme_id or schemes[0].id
        if len(roles) == 1:
            form.role.data = roles[0].value
    if form.validate_on_submit():
        scheme = next(s for s in schemes if s.id == form.scheme.data)
        try:
            invitation = accounts.invite(
                db.session,
                current_user,
                email=form.email.data,
                name=form.name.data,
                role=Role(form.role.data),
                scheme=scheme,
            )
        except accounts.AccountError as exc:
            show_error(form, exc, "email")
        else:
            if invitation.again:  # still to accept: the same answer as a first invitation
                services.resend(db.session, current_user, invitation.person)
            elif invitation.person is not None:
                services.send_invitation(invitation.person, current_user)
            else:  # an account in another scheme: the same answer, and a notice to its holder
                services.send_invitation_notice(invitation.existing, current_user, scheme)
            db.session.commit()
            flash(f"Invitation sent to {invitation.email}.", "success")
            # A blank form, not the pending list: that list would show a new address and never
            # one held in another scheme, telling the inviter which is which.
            return redirect(url_for("people.invite"))
    return render_form("people/invite.html", form, schemes=schemes)


@bp.post("/<int:person_id>/resend")
@role_required(*INVITERS)
def resend(person_id: int):
    person = get_in_scheme_or_404(Person, person_id, may=services.may_follow_up)
    if person.has_password or not person.active:
        flash(f"{person.name} has already accepted the invitation.", "important")
        return redirect(url_for("people.invitations"))
    if person.email is None:
        flash(f"{person.name} has no email address: print a new sign-in card instead.", "important")
        return redirect(url_for("people.invitations"))
    if ActionForm().validate_on_submit():
        services.resend(db.session, current_user, person)
        db.session.commit()
        flash(f"Invitation sent again to {person.email}.", "success")
    return redirect(url_for("people.invitations"))
