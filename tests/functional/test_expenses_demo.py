"""seed-demo gives the demo mentor one approved and one waiting expense claim, once, which
they see on their Expenses page and the demo coordinator sees waiting."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.models import Person
from lms.demo import DEMO_PASSWORD
from lms.expenses.models import ExpenseClaim
from lms.extensions import db
from tests.conftest import sign_in


def test_the_demo_mentor_has_an_approved_and_a_waiting_claim(app, client, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    mentor = db.session.scalars(
        select(Person).where(Person.email == "maya.mentor@demo.example")
    ).one()
    claims = list(
        db.session.scalars(select(ExpenseClaim).where(ExpenseClaim.mentor_id == mentor.id))
    )
    assert sorted(c.status for c in claims) == ["approved", "submitted"]
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # a second run adds none
    assert db.session.scalar(select(db.func.count(ExpenseClaim.id))) == 2
    assert sign_in(client, "maya.mentor@demo.example", DEMO_PASSWORD).status_code == 302
    page = client.get("/expenses/").text
    assert "£6.80 travel" in page and "Approved" in page and "Waiting for your coordinator" in page
    coordinator = app.test_client()
    assert sign_in(coordinator, "coordinator@demo.example", DEMO_PASSWORD).status_code == 302
    assert "Maya Mentor" in coordinator.get("/expenses/claims").text
