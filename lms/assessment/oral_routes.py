"""Recording an oral answer: a trainer chooses the trainee and the scenario, then records how
and when they answered, their notes of what was said, and the mark against the rubric."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from lms.accounts.models import Person, Role
from lms.assessment import oral, services
from lms.assessment.blueprint import bp, criterion_marks, settings
from lms.assessment.forms import ChooseOralForm, oral_form
from lms.authz import role_required
from lms.extensions import db
from lms.web.forms import form_status, render_form, show_error
from lms.web.loading import get_in_scheme_or_404


@bp.get("/oral")
@role_required(Role.TRAINER, Role.ADMIN)
def oral_choose():
    """Step one: which trainee answered which scenario (a GET form: choosing changes nothing)."""
    chosen = "person" in request.args or "scenario" in request.args
    form = ChooseOralForm(formdata=request.args if chosen else None)
    form.setup(
        oral.trainees_for(db.session, current_user),
        services.current_scenarios(db.session),
        show_schemes=current_user.has_role(Role.ADMIN),
    )
    if chosen and form.validate():
        slug, key = form.scenario.data.split("/", 1)
        return redirect(
            url_for(".oral_record", person_id=int(form.person.data), module_slug=slug, key=key)
        )
    return render_template("assessment/oral_choose.html", form=form), form_status(form, sent=chosen)


@bp.route("/oral/<int:person_id>/<module_slug>/<key>", methods=["GET", "POST"])
@role_required(Role.TRAINER, Role.ADMIN)
def oral_record(person_id: int, module_slug: str, key: str):
    """Step two: the oral answer's details and its mark; saved as a marked attempt."""
    trainee = get_in_scheme_or_404(Person, person_id, may=services.may_see)
    scenario = services.find_scenario(db.session, module_slug, key)
    if scenario is None or not trainee.has_role(Role.TRAINEE):
        abort(404)
    module = scenario.module_version.module
    history = services.attempts(db.session, trainee, key)
    reason = oral.refusal(current_user, trainee, history, settings())  # yourself: 403
    form = oral_form(scenario.rubric, trainee)
    here = url_for(".oral_record", person_id=trainee.id, module_slug=module_slug, key=key)
    if reason is None and form.validate_on_submit():
        try:
            submission = oral.record_oral(
                db.session,
                current_user,
                trainee,
                scenario,
                module,
                form.answer(),
                criterion_marks(form, scenario.rubric),
                form.outcome.data,
                form.feedback.data,
                settings=settings(),
            )
            db.session.commit()
        except services.AssessmentError as exc:
            show_error(form, exc)  # no field: the error summary; what was typed is kept
        except IntegrityError:
            db.session.rollback()
            flash(
                f"Another answer by {trainee.name} to this scenario was saved at the same time. "
                "Check their answers before recording this one again.",
                "important",
            )
            return redirect(here)
        else:
            flash(f"Oral answer recorded and marked. {trainee.name} has been told.", "success")
            return redirect(url_for(".submission", submission_id=submission.id))
    return render_form(
        "assessment/oral.html",
        form,
        refused=reason is not None,
        trainee=trainee,
        scenario=scenario,
        module=module,
        reason=reason,
        attempt=oral.next_attempt(history),
        draft=services.unsent_draft(history),
    )
