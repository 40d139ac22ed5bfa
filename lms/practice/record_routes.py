"""The trainer's page for recording a session they supervised for a trainee (older than a
trainee may log, say, or an observed session with its checklist): linked from the trainer's
practice queue."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask_login import current_user

from lms.accounts.models import Person, Role
from lms.authz import role_required
from lms.extensions import db
from lms.practice import recorded
from lms.practice.record_form import RecordForm
from lms.practice.routes import bp
from lms.practice.services import InvalidEntry, PracticeError
from lms.web.forms import render_form, show_error


@bp.route("/record", methods=["GET", "POST"])
@role_required(Role.TRAINER)
def record():
    form = RecordForm()
    form.setup([current_user])  # the trainer records what they supervised themselves
    form.supervisor.data = current_user.id
    trainees = recorded.trainees_for(db.session, current_user)
    form.trainee.choices = [(0, "Choose a trainee"), *[(p.id, p.name) for p in trainees]]
    form.reflection.label.text = "What did the trainee do, and what did they learn?"
    form.session_date.description = (
        "The day it happened. You can record sessions older than a trainee can log, "
        "but not before they joined the scheme."
    )
    if form.validate_on_submit():
        trainee = db.session.get(Person, form.trainee.data) if form.trainee.data else None
        try:
            entry = recorded.record_for_trainee(
                db.session, current_user, trainee, form.details(), observation=form.observation()
            )
        except InvalidEntry as exc:
            db.session.rollback()
            for name, message in exc.problems.items():
                form[name].errors.append(message)
        except PracticeError as exc:
            show_error(form, exc)
        else:
            db.session.commit()
            done = "recorded and signed off" if entry.observation else "recorded and confirmed"
            flash(f"Session {done} for {entry.person.name}.", "success")
            return redirect(url_for(".queue"))
    return render_form("practice/record_form.html", form)
