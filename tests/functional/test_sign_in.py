"""Signing in and out: messages, redirects, rate limits and deactivated accounts."""

from __future__ import annotations

from lms.auth.routes import SIGN_IN_FAILED
from lms.extensions import db
from tests.conftest import csrf_token, sign_in
from tests.factories import PASSWORD


def test_sign_in_lands_on_the_home_page_for_the_role(client, people):
    """Each role lands on its own home page after signing in."""
    for role, path in [
        ("trainee", "/trainee"),
        ("trainer", "/trainer"),
        ("coordinator", "/coordinator"),
        ("admin", "/admin"),
    ]:
        response = sign_in(client, people[role].email)
        assert response.headers["Location"].endswith("/")
        home = client.get("/")
        assert home.headers["Location"].endswith(path)
        assert client.get(path).status_code == 200
        client.post("/sign-out", data={"csrf_token": csrf_token(client, path)})


def test_email_is_case_insensitive(client, people):
    """People can type their email in any case."""
    response = sign_in(client, people["trainee"].email.upper())
    assert response.status_code == 302


def test_unknown_email_and_wrong_password_give_the_same_message(client, people):
    """Sign-in failures never reveal whether an account exists."""
    unknown = sign_in(client, "nobody@example.org").get_data(as_text=True)
    wrong = sign_in(client, people["trainee"].email, "not the password at all").get_data(
        as_text=True
    )
    assert SIGN_IN_FAILED in unknown
    assert SIGN_IN_FAILED in wrong
    assert "There is a problem" in wrong


def test_next_redirects_only_within_the_site(client, people):
    """A next parameter pointing at another host is ignored."""
    for evil in [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
    ]:
        page = client.get("/sign-in", query_string={"next": evil}).get_data(as_text=True)
        assert "evil" not in page and "javascript" not in page
        token = csrf_token(client)
        response = client.post(
            "/sign-in",
            data={
                "email": people["trainee"].email,
                "password": PASSWORD,
                "csrf_token": token,
                "next": evil,
            },
        )
        assert response.status_code == 302
        assert "evil" not in response.headers["Location"]
        client.post("/sign-out", data={"csrf_token": csrf_token(client, "/trainee")})


def test_next_within_the_site_is_followed(client, people):
    """After sign-in the person goes back to the page they asked for."""
    response = client.get("/admin/people")
    assert "/sign-in?next=" in response.headers["Location"]
    token = csrf_token(client)
    response = client.post(
        "/sign-in",
        data={
            "email": people["admin"].email,
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/admin/people",
        },
    )
    assert response.headers["Location"] == "/admin/people"


def test_deactivated_account_cannot_sign_in(client, people):
    """A deactivated person is refused with the usual message."""
    people["trainee"].active = False
    db.session.commit()
    response = sign_in(client, people["trainee"].email)
    assert response.status_code == 400
    assert SIGN_IN_FAILED in response.get_data(as_text=True)


def test_deactivation_ends_an_existing_session(client, people, login):
    """Someone signed in is signed out as soon as their account is deactivated."""
    login("trainee")
    assert client.get("/trainee").status_code == 200
    from lms.accounts import services

    services.deactivate(db.session, people["admin"], people["trainee"], "left the scheme")
    db.session.commit()
    assert client.get("/trainee").status_code == 302


def test_sign_out_invalidates_the_old_session_cookie(app, client, people, login):
    """A copy of the session cookie taken before sign-out no longer works."""
    login("trainer")
    stolen = client.get_cookie("session", domain="lms.test").value
    client.post("/sign-out", data={"csrf_token": csrf_token(client, "/trainer")})
    other = app.test_client()
    other.set_cookie("session", stolen, domain="lms.test")
    assert other.get("/trainer").status_code == 302


def test_session_cookie_changes_at_sign_in(client, people):
    """The session issued before sign-in is replaced, so it cannot be fixed in advance."""
    client.get("/sign-in")
    before = client.get_cookie("session", domain="lms.test").value
    sign_in(client, people["trainee"].email)
    assert client.get_cookie("session", domain="lms.test").value != before


def test_sign_out_needs_post(client, login):
    """Signing out changes state, so GET is not allowed."""
    login("trainee")
    assert client.get("/sign-out").status_code == 405
