"""The audit chain's last verification on the admin's home page: every run of ``flask audit
verify`` and of the nightly job is recorded; the admin sees when it last ran and what it found,
and is asked to act when it never ran, failed or is more than two days old."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from lms.audit.models import AuditEvent
from lms.audit.nightly import check_trail, nightly_audit_check
from lms.audit.runs import CLI, JOB, AuditVerification, latest_run
from lms.audit.services import record
from lms.db import utcnow
from lms.extensions import db
from lms.home import admin
from lms.jobs import huey


def _runs() -> list[AuditVerification]:
    return list(db.session.scalars(select(AuditVerification).order_by(AuditVerification.id)))


def _event(actor) -> None:
    record(db.session, actor=actor, action="person.updated", subject_type="person", subject_id=1)
    db.session.commit()


def _admin_items(app, person):
    with app.test_request_context():
        found = admin.items(db.session, person, utcnow(), latest_run(db.session))
    return {item.key: item for item in found}


def test_the_cli_records_a_passing_and_a_failing_run(runner, people):
    _event(people["admin"])
    assert runner.invoke(args=["audit", "checkpoint"]).exit_code == 0
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    event = db.session.scalars(select(AuditEvent)).first()
    event.reason = "quietly rewritten"
    db.session.commit()
    assert runner.invoke(args=["audit", "verify"]).exit_code == 1
    first, second = _runs()
    events = db.session.scalar(select(func.count(AuditEvent.id)))
    assert (first.ok, first.events_checked, first.problems, first.source) == (True, events, 0, CLI)
    assert (second.ok, second.problems, second.source) == (False, 1, CLI)
    assert first.at.tzinfo is not None


def test_the_nightly_job_records_its_run(app, people):
    _event(people["admin"])  # events but no checkpoint: a problem
    assert check_trail() is False
    (run,) = _runs()
    events = db.session.scalar(select(func.count(AuditEvent.id)))
    assert (run.ok, run.events_checked, run.problems, run.source) == (False, events, 1, JOB)
    nightly_audit_check.call_local()
    assert len(_runs()) == 2
    assert nightly_audit_check.task_class in huey._registry._periodic_tasks  # the consumer runs it


def test_never_checked_is_an_action_item(app, client, login, people):
    item = _admin_items(app, people["admin"])["audit"]
    assert item.text == "The audit trail has never been checked: run flask audit verify"
    login("admin")
    page = client.get("/admin").get_data(as_text=True)
    assert "The audit trail has never been checked." in page
    assert 'href="/admin/audit/"' in page and 'href="/admin/audit/verify"' in page


def test_a_recent_clean_check_is_a_status_line_not_an_action(app, client, login, people):
    db.session.add(AuditVerification(ok=True, events_checked=5, problems=0, source=JOB))
    db.session.commit()
    assert "audit" not in _admin_items(app, people["admin"])
    login("admin")
    page = client.get("/admin").get_data(as_text=True)
    assert "Audit trail last checked " in page and ": no problems." in page
    assert "All done: nothing needs your action" in page


def test_a_failed_or_old_check_is_an_action(app, client, login, people):
    db.session.add(
        AuditVerification(
            at=utcnow() - timedelta(days=3), ok=True, events_checked=5, problems=0, source=JOB
        )
    )
    db.session.commit()
    old = _admin_items(app, people["admin"])["audit"]
    assert old.text.startswith("The audit trail has not been checked since ")
    db.session.add(AuditVerification(ok=False, events_checked=5, problems=2, source=CLI))
    db.session.commit()
    failed = _admin_items(app, people["admin"])["audit"]
    assert failed.text.startswith("The audit trail's last check found problems")
    login("admin")
    page = client.get("/admin").get_data(as_text=True)
    assert ": 2 problems." in page
    assert client.get(failed.url).status_code == 200
