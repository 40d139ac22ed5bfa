"""seed-demo's mentor sign-in: a certificate holder with a proposed and an active match and
contacts, who signs in with the demo password and sees them on "My mentees"."""

from __future__ import annotations

from sqlalchemy import select

from lms.accounts.models import Person
from lms.demo import DEMO_PASSWORD
from lms.extensions import db
from lms.matching import demo_mentor
from lms.matching.mine import services
from tests.conftest import sign_in


def test_the_demo_mentor_has_a_proposed_and_an_active_match_with_contacts(client, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "maya.mentor@demo.example" in result.output
    mentor = db.session.scalars(
        select(Person).where(Person.email == "maya.mentor@demo.example")
    ).one()
    assert services.is_mentor(db.session, mentor)
    found = {m.status: m for m in services.my_matches(db.session, mentor)}
    assert set(found) == {"proposed", "active"}
    assert len(services.contacts_of(db.session, found["active"])) >= 3
    assert sign_in(client, "maya.mentor@demo.example", DEMO_PASSWORD).status_code == 302
    html = client.get("/matching/my-mentees").text
    assert "DEMO-010" in html and "DEMO-011" in html
    assert client.get(f"/matching/my-mentees/{found['active'].id}").status_code == 200
    assert runner.invoke(args=["seed-demo"]).exit_code == 0  # a second run changes nothing


def test_the_modules_docstring_names_the_real_sign_in():
    assert f"({demo_mentor.EMAIL})" in demo_mentor.__doc__.splitlines()[0]
