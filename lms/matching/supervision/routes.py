"""Supervision pages: the list of mentors to supervise and one mentor's supervision record."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from lms.accounts.models import Person, Role, Scheme
from lms.authz import role_required
from lms.extensions import db
from lms.matching import policy
from lms.matching.blueprint import SUPERVISORS, bp, list_scheme_id
from lms.matching.fields import RecordError
from lms.matching.mentors.services import has_held_certificate, mentors_query
from lms.matching.models import CONTACT_KINDS
from lms.matching.supervision import services
from lms.matching.supervision.forms import SupervisionForm
from lms.ukdates import uk_today
from lms.web.forms import render_form, show_error
from lms.web.loading import get_in_scheme_or_404
from lms.web.paging import paginate


@bp.get("/supervision")
@role_required(*SUPERVISORS)
def supervision():
    query = request.args.get("q", "")
    scheme_id = list_scheme_id()
    stmt = mentors_query(scheme_id, query)
    # The trainer's home count: mentors of one scheme whose supervision is overdue.
    scheme = db.session.get(Scheme, scheme_id) if scheme_id is not None else None
    due = request.args.get("due") == "1" and scheme is not None  # an unknown scheme: no filter
    if due:
        weeks = scheme.supervision_interval_weeks
        stmt = stmt.where(
            Person.id.in_(services.supervision_due_query(scheme_id, uk_today(), weeks))
        )
    pagination = paginate(stmt)
    args = {key: value for key, value in {"q": query, "due": 1 if due else None}.items() if value}
    return render_template(
        "matching/supervision.html",
        pagination=pagination,
        last=services.last_supervision(db.session, [p.id for p in pagination.items]),
        query=query,
        due=due,
        args=args,
        today=uk_today(),
    )


@bp.route("/supervision/<int:person_id>", methods=["GET", "POST"])
@role_required(*SUPERVISORS)
def supervise(person_id: int):
    mentor = get_in_scheme_or_404(Person, person_id, may=policy.may_see_supervision)
    if not has_held_certificate(db.session, mentor):
        abort(404)  # only mentors have a supervision record
    form = SupervisionForm()
    may_record = policy.may_supervise(current_user, mentor)
    # The service refuses anyone recording their own supervision (lms/accounts/duties.py).
    if form.validate_on_submit():
        try:
            services.record_supervision(
                db.session,
                current_user,
                mentor,
                form.held_on.data,
                form.wellbeing.data or "",
                form.support_agreed.data or "",
                uk_today(),
            )
        except RecordError as exc:
            show_error(form, exc, default="flash")
        else:
            db.session.commit()
            flash(f"Supervision session with {mentor.name} saved.", "success")
            return redirect(url_for(".supervise", person_id=mentor.id))
    return render_form(
        "matching/supervise.html",
        form,
        mentor=mentor,
        may_record=may_record,
        sessions=services.supervision_of(db.session, mentor),
        contacts=services.recent_contacts(
            db.session, mentor, None if current_user.has_role(Role.ADMIN) else mentor.scheme_id
        ),
        kinds=CONTACT_KINDS,
        shown=services.CONTACTS_SHOWN,
    )
