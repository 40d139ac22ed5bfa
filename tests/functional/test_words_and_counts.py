"""Consistent words and counts (issue 17, item 11): "as an admin", and the people counts on
the home pages agree with the people list's tags and filters (an invitation not accepted is
"invited", never also "active")."""

from __future__ import annotations

import re

import pytest

from lms.accounts import statuses
from lms.accounts.models import Role
from lms.extensions import db
from tests.conftest import csrf_token
from tests.factories import make_mentor, make_person, make_scheme


def _invite(client, email, role, scheme_id=""):
    token = csrf_token(client, "/invitations/new")
    data = {"name": "New Person", "email": email, "role": role, "scheme": scheme_id}
    return client.post("/invitations/new", data={**data, "csrf_token": token})


@pytest.mark.parametrize(
    ("role", "words"), [("admin", "as an admin."), ("trainer", "as a trainer.")]
)
def test_the_invitation_email_uses_the_right_article(client, login, people, outbox, role, words):
    login("admin")
    assert (
        _invite(client, f"{role}-new@example.org", role, people["trainee"].scheme_id).status_code
        == 302
    )
    body = outbox[-1].body
    assert words in body and "as a admin" not in body


def _invited(email, scheme):
    person = make_person(email, email.split("@")[0].title(), [Role.TRAINEE], scheme)
    person.password_hash = None
    db.session.commit()
    return person


def test_counts_agree_with_the_list_tags_and_filters(client, login, people):
    """Two invitations not accepted, one deactivated account: the admin home's counts are
    the number of rows each status filter of the people list shows."""
    scheme = people["trainee"].scheme
    _invited("ivy@example.org", scheme)
    _invited("ian@example.org", make_scheme("north", "North"))
    gone = make_person("gone@example.org", "Gone", [Role.TRAINEE], scheme)
    gone.active = False
    db.session.commit()
    counts = statuses.counts(db.session)
    assert counts == {"total": 7, "active": 4, "invited": 2, "deactivated": 1}
    login("admin")
    home = client.get("/admin").get_data(as_text=True)
    assert 'People</dt><dd class="govuk-summary-list__value">7: ' in home
    assert ">4 active</a>" in home
    assert ">2 invited, not yet accepted</a>" in home and ">1 deactivated</a>" in home
    for status, expected in (("active", 4), ("invited", 2), ("deactivated", 1)):
        page = client.get(f"/admin/people?status={status}").get_data(as_text=True)
        tags = re.findall(r'govuk-tag govuk-tag--\w+">(Active|Invited|Deactivated)<', page)
        assert tags == [status.title()] * expected, status


def test_the_coordinator_home_counts_active_and_invited_apart(client, login, people):
    scheme = people["coordinator"].scheme
    _invited("ivy@example.org", scheme)
    login("coordinator")
    page = client.get("/coordinator").get_data(as_text=True)
    active = statuses.counts(db.session, scheme.id)["active"]
    assert f"Your scheme has {active} active accounts and" in page
    assert ">1 invitation not yet accepted</a>." in page


def test_a_coordinator_without_a_scheme_sees_nothing_counted(client, people):
    counts = statuses.counts(db.session, -1)
    assert counts == {"total": 0, "active": 0, "invited": 0, "deactivated": 0}


def test_certified_mentors_are_labelled_mentors_on_the_people_list(client, login, people):
    """A trainee holding a current certificate is a mentor; one still training is a trainee."""
    scheme = people["trainee"].scheme
    mentor = make_person("mo@example.org", "Mo Mentor", [Role.TRAINEE], scheme)
    make_mentor(mentor)
    db.session.commit()
    login("admin")
    page = client.get("/admin/people?q=example.org").get_data(as_text=True)
    row = re.search(r"Mo Mentor</a></td>.*?</tr>", page, re.S).group(0)
    assert "Mentor (certified)" in row and "Trainee" not in row
    trainee_row = re.search(r">Trainee</a></td>.*?</tr>", page, re.S).group(0)
    assert '<td class="govuk-table__cell" data-label="Roles">Trainee</td>' in trainee_row
