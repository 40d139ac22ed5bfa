"""The expense pages: a mentor claims from a contact, sees, answers and withdraws their claims;
a coordinator approves or queries claims of their scheme; field errors, refusals and 404s."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from lms.accounts.models import Role
from lms.expenses import services
from lms.expenses.models import APPROVED, QUERIED, SUBMITTED, WITHDRAWN, ExpenseClaim
from lms.extensions import db
from lms.ukdates import uk_today
from tests.access.expenses import make_contact
from tests.conftest import csrf_token, sign_in
from tests.factories import make_person, make_scheme


@pytest.fixture
def contact(people):
    return make_contact(people["trainee"], people["coordinator"])


def _claim(mentor, contact, kind="travel", amount=450, what="Bus fare"):
    details = services.ClaimDetails(kind, amount, what)
    claim = services.submit(db.session, mentor, contact, details, uk_today())
    db.session.commit()
    return claim


def _claims() -> list[ExpenseClaim]:
    return list(db.session.scalars(select(ExpenseClaim).order_by(ExpenseClaim.id)))


def _post(client, page: str, url: str, **data):
    return client.post(url, data={"csrf_token": csrf_token(client, page), **data})


def test_the_mentor_has_an_empty_expenses_page_in_navigation(client, login):
    login("trainee")
    page = client.get("/trainee").get_data(as_text=True)
    assert 'href="/expenses/"' in page
    page = client.get("/expenses/").get_data(as_text=True)
    assert "You have not made any claims yet." in page


def test_the_mentor_claims_from_the_contact_on_their_match_page(client, login, people, contact):
    login("trainee")
    match_page = client.get(f"/matching/my-mentees/{contact.match_id}").get_data(as_text=True)
    claim_url = f"/expenses/contacts/{contact.id}/claim"
    assert claim_url in match_page
    form = client.get(claim_url).get_data(as_text=True)
    assert "Travel (up to £20.00)" in form and "Other" not in form  # "other" is off by default
    assert "Paid hours" not in form  # the scheme does not pay sessional mentors
    response = _post(
        client, claim_url, claim_url, kind="travel", amount="£4.5", description="Bus fare"
    )
    [claim] = _claims()
    assert response.status_code == 302 and response.headers["Location"].endswith(
        f"/expenses/{claim.id}"
    )
    assert (claim.amount, claim.status, claim.mentor_id) == (450, SUBMITTED, people["trainee"].id)
    page = client.get(f"/expenses/{claim.id}").get_data(as_text=True)
    assert "£4.50" in page and "Waiting for your coordinator" in page
    listed = client.get("/expenses/").get_data(as_text=True)
    assert "£4.50 travel" in listed


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("abc", "Enter the amount in pounds and pence, like 3.50"),
        ("4.505", "Enter the amount in pounds and pence, like 3.50"),
        ("", "Enter the amount in pounds and pence, like 3.50"),
        ("25", "Your scheme pays up to £20.00 a claim for travel"),
        ("0", "Enter the amount in pounds and pence, like 3.50."),
    ],
)
def test_bad_amounts_are_shown_on_the_field(client, login, contact, amount, message):
    login("trainee")
    url = f"/expenses/contacts/{contact.id}/claim"
    response = _post(client, url, url, kind="travel", amount=amount, description="Bus")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page and message in page and 'href="#amount"' in page
    assert _claims() == []


def test_a_claim_without_a_csrf_token_is_refused(client, login, contact):
    login("trainee")
    url = f"/expenses/contacts/{contact.id}/claim"
    response = client.post(url, data={"kind": "travel", "amount": "4", "description": "Bus"})
    assert response.status_code == 400 and _claims() == []


def test_another_mentors_contact_and_claim_are_not_found(client, people, contact):
    claim = _claim(people["trainee"], contact)
    other = make_person("o@example.org", "Ola Other", [Role.TRAINEE], people["trainee"].scheme)
    db.session.commit()
    sign_in(client, other.email)
    assert client.get(f"/expenses/contacts/{contact.id}/claim").status_code == 404
    assert client.get(f"/expenses/{claim.id}").status_code == 404
    assert "Bus fare" not in client.get("/expenses/").get_data(as_text=True)


def test_the_mentor_answers_a_query_and_can_withdraw(client, login, people, contact):
    claim = _claim(people["trainee"], contact)
    services.query(db.session, people["coordinator"], claim, "Which bus was it?")
    db.session.commit()
    login("trainee")
    page_url = f"/expenses/{claim.id}"
    page = client.get(page_url).get_data(as_text=True)
    assert "Which bus was it?" in page and "Answer your coordinator" in page
    empty = _post(client, page_url, f"{page_url}/answer", amount="4.50", description="Bus")
    assert empty.status_code == 400 and "Answer your coordinator&#39;s question" in empty.get_data(
        as_text=True
    )
    over = _post(
        client, page_url, f"{page_url}/answer", amount="30", description="Taxi", answer="Taxi"
    )
    assert over.status_code == 400 and "up to £20.00" in over.get_data(as_text=True)
    done = _post(
        client, page_url, f"{page_url}/answer", amount="3.80", description="No. 7", answer="The 7"
    )
    assert done.status_code == 302
    db.session.refresh(claim)
    assert (claim.status, claim.amount, claim.answer) == (SUBMITTED, 380, "The 7")
    assert _post(client, page_url, f"{page_url}/withdraw").status_code == 302
    db.session.refresh(claim)
    assert claim.status == WITHDRAWN


def test_the_coordinator_sees_waiting_claims_and_approves_one(client, login, people, contact):
    claim = _claim(people["trainee"], contact)
    login("coordinator")
    page = client.get("/coordinator").get_data(as_text=True)
    assert 'href="/expenses/claims"' in page
    waiting = client.get("/expenses/claims").get_data(as_text=True)
    assert f'href="/expenses/claims/{claim.id}"' in waiting and "Trainee" in waiting
    review = f"/expenses/claims/{claim.id}"
    assert "Approve claim" in client.get(review).get_data(as_text=True)
    response = _post(client, review, f"{review}/approve")
    assert response.status_code == 302
    db.session.refresh(claim)
    assert claim.status == APPROVED and claim.approved_by_id == people["coordinator"].id
    assert "No claims are waiting. All done." in client.get("/expenses/claims").get_data(
        as_text=True
    )
    again = _post(client, review, f"{review}/approve")
    assert again.status_code == 302  # refused with a message, nothing changed
    assert "already been decided" in client.get(review).get_data(as_text=True)


def test_a_query_without_a_question_is_an_error_on_the_field(client, login, people, contact):
    claim = _claim(people["trainee"], contact)
    login("coordinator")
    review = f"/expenses/claims/{claim.id}"
    response = _post(client, review, f"{review}/query", question="")
    assert response.status_code == 400
    assert "Write the question the mentor needs to answer" in response.get_data(as_text=True)
    assert _post(client, review, f"{review}/query", question="Receipt?").status_code == 302
    db.session.refresh(claim)
    assert (claim.status, claim.question) == (QUERIED, "Receipt?")


def test_a_coordinator_who_is_also_the_mentor_cannot_decide_it(client, people):
    both = make_person(
        "both@example.org", "Bo Both", [Role.TRAINEE, Role.COORDINATOR], people["trainee"].scheme
    )
    claim = _claim(both, make_contact(both, people["coordinator"]))
    sign_in(client, both.email)
    assert f"/expenses/claims/{claim.id}" not in client.get("/expenses/claims").get_data(
        as_text=True
    )
    review = f"/expenses/claims/{claim.id}"
    assert "This is your own claim" in client.get(review).get_data(as_text=True)
    client.post(f"{review}/approve", data={"csrf_token": csrf_token(client, review)})
    db.session.refresh(claim)
    assert claim.status == SUBMITTED


def test_another_schemes_coordinator_gets_not_found(client, people, contact):
    claim = _claim(people["trainee"], contact)
    stranger = make_person("c2@example.org", "Cy", [Role.COORDINATOR], make_scheme("north", "N"))
    db.session.commit()
    sign_in(client, stranger.email)
    assert client.get(f"/expenses/claims/{claim.id}").status_code == 404
    approve = _post(client, "/expenses/claims", f"/expenses/claims/{claim.id}/approve")
    assert approve.status_code == 404
    assert "Bus fare" not in client.get("/expenses/claims").get_data(as_text=True)
    db.session.refresh(claim)
    assert claim.status == SUBMITTED


def test_an_old_contact_says_it_can_no_longer_be_claimed(client, login, people):
    old = make_contact(people["trainee"], people["coordinator"], days_ago=95)
    login("trainee")
    url = f"/expenses/contacts/{old.id}/claim"
    page = client.get(url).get_data(as_text=True)
    assert "more than 90 days ago" in page and "Send claim" not in page
    data = {"kind": "travel", "amount": "4", "description": "Bus"}
    response = _post(client, "/expenses/", url, **data)
    assert response.status_code == 400 and "more than 90 days ago" in response.get_data(
        as_text=True
    )
    assert _claims() == []
