"""Races over claims (PostgreSQL): two coordinators approving one claim at once approve it once;
two claims of one kind for one contact at once make one claim; paid hours never pass the
contact's minutes however the claims cross."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from lms.accounts.models import Person, Role
from lms.audit.models import AuditEvent
from lms.expenses import services
from lms.expenses.models import ExpenseClaim
from lms.expenses.settings import SettingsDetails, save_settings
from lms.extensions import db
from lms.matching.models import ContactLog
from lms.ukdates import uk_today
from tests.access.expenses import make_contact
from tests.factories import make_person
from tests.races import race

pytestmark = pytest.mark.postgres_only(reason="row locks between concurrent transactions")


def _race(app, jobs: list[Callable[[], None]]) -> list[str]:
    return race(app, jobs, lambda exc: exc.field or exc.code)


def _claim_job(mentor_id: int, contact_id: int, kind: str, minutes: int = 0):
    def job() -> None:
        details = services.ClaimDetails(kind, 100, "Bus", minutes)
        contact = db.session.get(ContactLog, contact_id)
        services.submit(db.session, db.session.get(Person, mentor_id), contact, details, uk_today())

    return job


def test_two_coordinators_approving_at_once_approve_once(app, people):
    contact = make_contact(people["trainee"], people["coordinator"])
    claim = services.submit(
        db.session,
        people["trainee"],
        contact,
        services.ClaimDetails("travel", 450, "Bus"),
        uk_today(),
    )
    second = make_person("c2@example.org", "Cal", [Role.COORDINATOR], people["trainee"].scheme)
    db.session.commit()
    claim_id, ids = claim.id, (people["coordinator"].id, second.id)

    def approve(person_id: int):
        def job() -> None:
            found = db.session.get(ExpenseClaim, claim_id)
            services.approve(db.session, db.session.get(Person, person_id), found)

        return job

    assert sorted(_race(app, [approve(ids[0]), approve(ids[1])])) == ["ok", "wrong_status"]
    approved = db.session.scalar(
        select(func.count(AuditEvent.id)).where(AuditEvent.action == "expense.approved")
    )
    assert approved == 1


def test_one_kind_once_per_contact_and_hours_within_its_minutes(app, people):
    mentor = people["trainee"]
    limits = {"travel": 2000, "phone": 1000, "refreshments": 500, "other": 500}
    save_settings(
        db.session, people["admin"], mentor.scheme_id, SettingsDetails(limits, True, 1000)
    )
    contact = make_contact(mentor, people["coordinator"], minutes=60)
    mentor_id, contact_id = mentor.id, contact.id
    same_kind = [_claim_job(mentor_id, contact_id, "travel") for _ in range(3)]
    assert sorted(_race(app, same_kind)) == ["kind", "kind", "ok"]
    hours = [_claim_job(mentor_id, contact_id, kind, 40) for kind in ("phone", "refreshments")]
    assert sorted(_race(app, hours)) == ["hours", "ok"]
    claimed = db.session.scalar(
        select(func.sum(ExpenseClaim.paid_minutes)).where(ExpenseClaim.contact_id == contact_id)
    )
    assert claimed == 40
