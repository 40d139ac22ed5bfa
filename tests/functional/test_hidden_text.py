"""Blank fillers in names, and hidden characters in references, areas, languages, mentor
profiles, API key names and newly issued certificates."""

from __future__ import annotations

import pytest
from flask import current_app
from sqlalchemy import func, select

from lms.accounts import services as accounts
from lms.accounts.models import Person
from lms.api.keys import ApiKeyError, create_key
from lms.api.models import ApiKey
from lms.extensions import db
from lms.matching.fields import RecordError
from lms.matching.mentees import services as mentees
from lms.matching.mentors import services as mentors
from lms.matching.models import Mentee
from lms.ukdates import uk_today
from tests.conftest import csrf_token
from tests.factories import make_definition, make_eligible, make_mentor

FILLERS = {
    "hangul filler": "\u3164",
    "hangul choseong filler": "\u115f",
    "hangul jungseong filler": "\u1160",
    "halfwidth hangul filler": "\uffa0",
    "braille blank": "\u2800",
    "combining grapheme joiner": "\u034f",
    "variation selector 16": "\ufe0f",
    "variation selector 1": "\ufe00",
    "variation selector 17": "\U000e0100",
    "mongolian free variation selector": "\u180b",
}
HIDDEN = {"zero-width space": "\u200b", "right-to-left override": "\u202e", **FILLERS}


@pytest.mark.parametrize("filler", FILLERS.values(), ids=FILLERS.keys())
def test_names_of_blank_fillers_are_refused_on_the_web_and_in_the_service(client, login, filler):
    """A name that is only a filler, or carries one, looks blank or odd: refused everywhere."""
    coordinator = login("coordinator")
    for name in (filler, filler * 3, f"Sam{filler}Taylor"):
        token = csrf_token(client, "/invitations/new")
        page = client.post(
            "/invitations/new",
            data={"name": name, "email": "sam@example.org", "role": "trainee", "csrf_token": token},
        )
        assert page.status_code == 400 and "invisible" in page.get_data(as_text=True), name
        with pytest.raises(accounts.AccountError):
            accounts.checked_name(name)
    assert db.session.scalar(select(func.count()).where(Person.email == "sam@example.org")) == 0
    assert coordinator.active


@pytest.mark.parametrize("name", ["\u0301", "\u0301\u0302", " \u0300 "])
def test_a_name_must_show_a_letter_number_or_symbol(name):
    """Combining marks alone draw nothing: not a name; real names in any script still are."""
    with pytest.raises(accounts.AccountError, match="at least one letter or number"):
        accounts.checked_name(name)
    for name in ("Zoë O'Neill", "Anne-Marie", "李小龍", "Хелена", "محمد", "김민준"):
        assert accounts.checked_name(name) == name


def _mentee(reference="M-001", **fields):
    return mentees.MenteeDetails(reference=reference, **fields)


@pytest.mark.parametrize("char", HIDDEN.values(), ids=HIDDEN.keys())
def test_mentee_records_refuse_hidden_characters_whatever_the_caller(people, char):
    """The records layer (web, API, CLI) refuses hidden characters in references and areas."""
    coordinator, scheme_id = people["coordinator"], people["coordinator"].scheme_id
    mentees.register_mentee(db.session, coordinator, scheme_id, _mentee(), uk_today())
    for details, field in (
        (_mentee(f"M-0{char}01"), "reference"),
        (_mentee("M-002", area=f"Leeds{char}"), "area"),
        (_mentee("M-003", languages=["English", f"Pun{char}jabi"]), "languages"),
    ):
        with pytest.raises(RecordError) as refused:
            mentees.register_mentee(db.session, coordinator, scheme_id, details, uk_today())
        assert refused.value.field == field and "invisible" in refused.value.message
    assert db.session.scalar(select(func.count()).select_from(Mentee)) == 1


def test_the_web_mentee_form_refuses_a_look_alike_reference(client, login, people):
    """A zero-width character in a reference would make a look-alike duplicate: refused."""
    coordinator = login("coordinator")
    for reference in ("M-001", "M-0\u200b01"):
        token = csrf_token(client, "/matching/mentees/new")
        page = client.post(
            "/matching/mentees/new",
            data={
                "scheme_id": coordinator.scheme_id,
                "reference": reference,
                "gender": "not_said",
                "gender_preference": "none",
                "mappa_level": "none",
                "csrf_token": token,
            },
        )
    assert page.status_code == 400 and "U+200B" in page.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Mentee)) == 1


@pytest.mark.parametrize("char", HIDDEN.values(), ids=HIDDEN.keys())
def test_mentor_profiles_refuse_hidden_characters(people, char):
    """A mentor's area, languages and interests refuse hidden characters; line breaks stay."""
    mentor = people["trainer"]
    make_mentor(mentor)
    base = {"available": True, "capacity": 2}
    for details, field in (
        (mentors.ProfileDetails(**base, area=f"Le{char}eds"), "area"),
        (mentors.ProfileDetails(**base, languages=[f"Pol{char}ish"]), "languages"),
        (mentors.ProfileDetails(**base, interests=f"Football{char}"), "interests"),
    ):
        with pytest.raises(RecordError) as refused:
            mentors.save_profile(db.session, mentor, mentor, details)
        assert refused.value.field == field
    saved = mentors.save_profile(
        db.session, mentor, mentor, mentors.ProfileDetails(**base, interests="Football\nCooking")
    )
    assert saved.interests == "Football\nCooking"


def test_the_web_profile_form_names_the_hidden_character(client, people):
    """The mentor profile page says which character is wrong, next to the field."""
    from tests.conftest import sign_in

    make_mentor(people["trainer"])
    db.session.commit()
    sign_in(client, people["trainer"].email)
    token = csrf_token(client, "/matching/profile")
    page = client.post(
        "/matching/profile",
        data={"capacity": "2", "area": "Leeds\u202e", "gender": "not_said", "csrf_token": token},
    )
    assert page.status_code == 400 and "U+202E" in page.get_data(as_text=True)


@pytest.mark.parametrize("char", ["\u200b", "\u202e", "\u3164", "\x07"])
def test_api_key_names_refuse_hidden_characters_on_web_service_and_cli(
    client, login, people, runner, char
):
    """An API key's name is a name: the web form, the service and the command line refuse it."""
    coordinator = login("coordinator")
    token = csrf_token(client, "/api-keys/")
    page = client.post(
        "/api-keys/",
        data={"name": f"CRM{char}", "scheme": coordinator.scheme_id, "csrf_token": token},
    )
    assert page.status_code == 400 and "invisible" in page.get_data(as_text=True)
    with pytest.raises(ApiKeyError):
        create_key(db.session, coordinator, coordinator.scheme, f"CRM{char}")
    made = runner.invoke(
        args=["api-key", "create", "--scheme", coordinator.scheme.slug, "--name", f"CRM{char}"]
    )
    assert made.exit_code != 0 and "invisible" in made.output
    assert db.session.scalar(select(func.count()).select_from(ApiKey)) == 0


def test_api_mentee_languages_are_at_most_40_characters(client, people):
    """An API mentee language longer than the web's 40 characters is a 422 naming languages."""
    _, key = create_key(db.session, people["coordinator"], people["coordinator"].scheme, "CRM")
    db.session.commit()
    response = client.post(
        "/api/v1/mentees",
        headers={"Authorization": f"Bearer {key}"},
        json={"reference": "API-1", "languages": ["x" * 41]},
    )
    assert response.status_code == 422
    assert response.json["fields"][0]["field"].startswith("languages")
    document = client.get("/api/v1/openapi.json").json
    items = document["components"]["schemas"]["NewMentee"]["properties"]["languages"]["items"]
    assert items["maxLength"] == 40


def test_new_certificates_strip_hidden_characters_from_stored_names(people, monkeypatch):
    """A name stored before the rule goes into a new certificate PDF without its bidi override."""
    from lms.certificates import pdf, services

    seen = []

    def render(design, data):  # a real (one-page) PDF: issuing signs it
        seen.append(data)
        return pdf.placeholder_certificate(data)

    monkeypatch.setattr(pdf, "render_certificate", render)
    monkeypatch.setitem(current_app.config, "PDF_PRINTER", "inline")  # render in this process
    trainee = people["trainee"]
    trainee.name = "Sam \u202eroliaT\u202c"
    people["trainer"].name = "Tra\u200biner"
    db.session.commit()
    definition = make_definition()
    make_eligible(trainee, people["trainer"], people["coordinator"])
    services.issue(
        db.session,
        people["trainer"],
        trainee,
        definition,
        services.IssueSettings("https://lms.test"),
        today=uk_today(),
    )
    assert seen[0].holder_name == "Sam roliaT" and seen[0].issuer_name == "Trainer"
