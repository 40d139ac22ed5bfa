"""Names and emails: hidden characters refused everywhere, Unicode normalised, no look-alikes."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from lms.accounts import services as accounts
from lms.accounts.models import Person, Role, Scheme
from lms.extensions import db
from tests.conftest import csrf_token

HIDDEN = {
    "right-to-left override": "\u202e",
    "left-to-right embedding": "\u202a",
    "first-strong isolate": "\u2068",
    "right-to-left mark": "\u200f",
    "arabic letter mark": "\u061c",
    "zero-width space": "\u200b",
    "zero-width joiner": "\u200d",
    "word joiner": "\u2060",
    "byte order mark": "\ufeff",
    "bell": "\x07",
    "newline": "\n",
}


def _count(model=Person):
    return db.session.scalar(select(func.count()).select_from(model))


def _invite(client, name="Sam Taylor", email="sam@example.org", scheme_id=None):
    token = csrf_token(client, "/invitations/new")
    return client.post(
        "/invitations/new",
        data={
            "name": name,
            "email": email,
            "role": "trainee",
            "scheme": scheme_id,
            "csrf_token": token,
        },
    )


@pytest.mark.parametrize("char", HIDDEN.values(), ids=HIDDEN.keys())
def test_invitations_refuse_hidden_characters_in_names_and_emails(client, login, char):
    """A hidden character in the name or the email is refused next to the field."""
    coordinator = login("coordinator")
    before = _count()
    for name, email in ((f"Sam{char}Taylor", "sam@example.org"), ("Sam", f"sam{char}@x.org")):
        page = _invite(client, name, email, coordinator.scheme_id)
        assert page.status_code == 400
        assert "invisible or control characters" in page.get_data(as_text=True)
    assert _count() == before


@pytest.mark.parametrize("blank", ["   ", "\u3000", "\t"])
def test_blank_names_are_refused(client, login, blank):
    """A name of spaces only is not a name."""
    coordinator = login("coordinator")
    page = _invite(client, blank, "sam@example.org", coordinator.scheme_id)
    assert page.status_code == 400 and "Enter the person" in page.get_data(as_text=True)


def test_admin_person_edit_and_scheme_names_refuse_bidi_overrides(client, login, people):
    """The admin's person and scheme forms refuse a text-direction override."""
    login("admin")
    trainee = people["trainee"]
    path = f"/admin/people/{trainee.id}"
    page = client.post(
        path,
        data={
            "name": "Evil\u202egnp.exe",
            "roles": ["trainee"],
            "scheme": trainee.scheme_id,
            "csrf_token": csrf_token(client, path),
        },
    )
    assert page.status_code == 400 and "U+202E" in page.get_data(as_text=True)
    assert db.session.get(Person, trainee.id).name == "Trainee"
    schemes = _count(Scheme)
    page = client.post(
        "/admin/schemes/new",
        data={
            "name": "North\u200bEast",
            "slug": "north-east",
            "contact_email": "",
            "csrf_token": csrf_token(client, "/admin/schemes/new"),
        },
    )
    assert page.status_code == 400 and "U+200B" in page.get_data(as_text=True)
    assert _count(Scheme) == schemes


def test_the_sign_in_email_field_refuses_hidden_characters(client, people):
    """Sign-in names the problem instead of looking up an address with a zero-width space."""
    page = client.post(
        "/sign-in",
        data={
            "email": "trainee\u200b@example.org",
            "password": "whatever-password",
            "csrf_token": csrf_token(client),
        },
    )
    assert page.status_code == 400 and "invisible or control" in page.get_data(as_text=True)


@pytest.mark.parametrize(
    "look_alike",
    [
        "\uff34\uff32\uff21\uff29\uff2e\uff25\uff25@example.org",  # TRAINEE in fullwidth letters
        "TRAINEE@EXAMPLE.ORG",
        " trainee@example.org ",
    ],
)
def test_look_alike_emails_find_the_same_account(people, look_alike):
    """Fullwidth letters and case do not make another address: sign-in and invitations see one."""
    assert accounts.find_by_email(db.session, look_alike).id == people["trainee"].id
    with pytest.raises(accounts.AccountError, match="already has an account"):
        accounts.invite(
            db.session,
            people["coordinator"],
            email=look_alike,
            name="Copy",
            role=Role.TRAINEE,
            scheme=people["coordinator"].scheme,
        )


def test_case_folding_makes_strasse_and_strasse_one_account(people):
    """ "Straße" and "strasse" fold to the same key, so a second account cannot be made."""
    first = accounts.create_person(
        db.session, email="Straße@example.org", name="Ann", roles=[Role.TRAINEE], scheme=None
    )
    db.session.commit()
    assert first.email == "straße@example.org"  # mail still goes to the address as typed
    assert accounts.find_by_email(db.session, "STRASSE@example.org").id == first.id
    db.session.add(Person(email="strasse@example.org", name="Copy"))
    with pytest.raises(IntegrityError):
        db.session.flush()  # the database refuses it too
    db.session.rollback()


def test_names_are_stored_in_nfc_with_tidy_spaces(people):
    """A decomposed accent is stored composed; runs of spaces become one."""
    person = accounts.create_person(
        db.session, email="jose@example.org", name="  Jose\u0301   Diaz ", roles=[], scheme=None
    )
    assert person.name == "Jos\u00e9 Diaz"


def test_create_admin_refuses_hidden_characters(runner, app):
    """The command line refuses a bidi override in the name and a zero-width space in the email."""
    base = ["create-admin", "--password", "a-long-unusual-admin-passphrase"]
    bad_name = runner.invoke(args=[*base, "--email", "a@example.org", "--name", "Ad\u202emin"])
    assert bad_name.exit_code != 0 and "U+202E" in bad_name.output
    bad_email = runner.invoke(args=[*base, "--email", "a\u200b@example.org", "--name", "Ad"])
    assert bad_email.exit_code != 0 and "U+200B" in bad_email.output
    not_email = runner.invoke(args=[*base, "--email", "not-an-email", "--name", "Ad"])
    assert not_email.exit_code != 0
    assert _count() == 0


def test_the_verify_page_never_shows_a_stored_bidi_override(client, people):
    """A holder name stored before the rule is shown without its hidden characters."""
    from lms.certificates.models import Certificate
    from tests.access.verify import public_certificate_number

    number = public_certificate_number(people)
    cert = db.session.scalars(select(Certificate).where(Certificate.number == number)).one()
    cert.holder_name = "Sam \u202eroliaT\u202c"
    db.session.commit()
    page = client.get(f"/verify/{number}").get_data(as_text=True)
    api = client.get(f"/api/v1/certificates/{number}").json
    for shown in (page, api["holder_name"]):
        assert "\u202e" not in shown and "\u202c" not in shown
    assert "Sam roliaT" in page
