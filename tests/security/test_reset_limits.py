"""Password reset requests are limited per email (whatever address asks) and per client."""

from __future__ import annotations

import pytest

from tests.conftest import csrf_token


@pytest.fixture
def app_config(app_config):
    app_config["RATELIMIT_SIGN_IN"] = "3 per minute"
    return app_config


def _ask(client, email: str, address: str) -> int:
    token = csrf_token(client, "/password/forgot")
    response = client.post(
        "/password/forgot",
        data={"email": email, "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
    )
    return response.status_code


def test_resets_for_one_email_are_limited_across_client_addresses(client, people):
    """The 4th reset for one person gets 429 even when each comes from a different address,
    and however the email is written."""
    email = people["trainee"].email
    spellings = [email, email.upper(), f"  {email} "]
    # the padded address is refused on its field (400) and still spends the budget
    assert [_ask(client, spellings[i], f"10.0.0.{i + 1}") for i in range(3)] == [200, 200, 400]
    assert _ask(client, email, "10.0.0.4") == 429
    assert _ask(client, people["trainer"].email, "10.0.0.4") == 200, "others are not locked out"


def test_resets_from_one_client_are_limited_across_emails(client, people):
    """One address asking for 4 different people's resets gets 429 on the 4th."""
    emails = [people[role].email for role in ("trainee", "trainer", "coordinator", "admin")]
    assert [_ask(client, email, "10.0.0.9") for email in emails[:3]] == [200] * 3
    assert _ask(client, emails[3], "10.0.0.9") == 429
    assert _ask(client, emails[3], "10.0.0.10") == 200, "another client still may"


def _sign_in(client, email: str, address: str) -> int:
    token = csrf_token(client)
    response = client.post(
        "/sign-in",
        data={"email": email, "password": "wrong-password", "csrf_token": token},
        environ_base={"REMOTE_ADDR": address},
    )
    return response.status_code


@pytest.mark.parametrize(
    ("ask", "answer"), [(_ask, 200), (_sign_in, 400)], ids=["reset", "sign-in"]
)
def test_case_folded_spellings_of_one_email_share_its_budget(client, people, ask, answer):
    """ "ß" for "ss" (or fullwidth letters) reaches the same account, so it spends the same
    per-email budget for resets and sign-ins as the address accounts are found by."""
    from lms.accounts.models import Role
    from lms.extensions import db
    from tests.factories import make_person

    make_person("strasse@example.org", "Sam Strasse", [Role.TRAINEE], people["trainee"].scheme)
    db.session.commit()
    spellings = ["strasse@example.org", "straße@example.org", "STRAẞE@example.org"]
    # a reset answers "check your email" (200); a wrong password shows sign-in again (400)
    assert [ask(client, spellings[i], f"10.0.1.{i + 1}") for i in range(3)] == [answer] * 3
    assert ask(client, "ｓｔｒａßｅ@example.org", "10.0.1.4") == 429
