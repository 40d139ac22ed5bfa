"""Reading settings: chosen on one page, kept in a cookie before sign-in and on the account
after, moved to the account at sign-in when it has none, and drawn on every page as classes."""

from __future__ import annotations

import re

import pytest

from lms.extensions import db
from lms.reading.settings import COOKIE_NAME
from tests.conftest import csrf_token, sign_in

PAGE = "/reading-settings"
CHOSEN = {"text_size": "largest", "line_spacing": "more", "background": "cream"}
CLASSES = "app-reading-text-largest app-reading-spacing-more app-reading-background-cream"


def _html_classes(response) -> str:
    """The class attribute of the page's <html>."""
    found = re.search(r'<html lang="en-GB" class="([^"]*)"', response.get_data(as_text=True))
    assert found, "no <html> element"
    return found.group(1)


def _save(client, choice=None, **extra):
    data = {**(CHOSEN if choice is None else choice), **extra}
    return client.post(PAGE, data={**data, "csrf_token": csrf_token(client, PAGE)})


def _cookie(client):
    return client.get_cookie(COOKIE_NAME, domain="lms.test")


def test_the_page_offers_every_choice_with_the_defaults_checked(client):
    """Three sets of GOV.UK radios, each default checked, a preview and "Save settings"."""
    response = client.get(PAGE)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    for name, value in (("text_size", "standard"), ("line_spacing", "standard")):
        assert re.search(rf'<input checked[^>]*name="{name}"[^>]*value="{value}"', html)
    assert re.search(r'<input checked[^>]*name="background"[^>]*value="white"', html)
    for words in ("Largest", "More space between lines", "Pale blue", "Cream", "Save settings"):
        assert words in html
    assert 'class="govuk-radios govuk-radios--small"' in html
    assert "Saved settings: Standard text, standard line spacing, white background." in html
    assert _html_classes(response) == "govuk-template"


def test_saving_before_sign_in_keeps_a_lax_long_lived_cookie(client):
    """Signed out, the choice goes in a cookie (SameSite=Lax, kept a year or more) and every
    page after is drawn with it."""
    response = _save(client)
    assert response.status_code == 302
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE_NAME))
    assert "SameSite=Lax" in header and "Path=/" in header and "Secure" not in header
    cookie = _cookie(client)
    assert cookie.value == "largest.more.cream" and cookie.same_site == "Lax"
    max_age = int(re.search(r"Max-Age=(\d+)", header).group(1))
    assert max_age >= 365 * 24 * 60 * 60
    page = client.get(response.headers["Location"])
    assert "Your reading settings are saved." in page.get_data(as_text=True)
    assert _html_classes(page) == f"govuk-template {CLASSES}"
    assert _html_classes(client.get("/help")) == f"govuk-template {CLASSES}"


def test_the_cookie_is_secure_when_session_cookies_are(app, client):
    """With SESSION_COOKIE_SECURE the reading cookie is sent over HTTPS only too."""
    app.config["SESSION_COOKIE_SECURE"] = True
    token = re.search(
        r'name="csrf_token"[^>]*value="([^"]+)"',
        client.get(PAGE, base_url="https://lms.test").get_data(as_text=True),
    ).group(1)
    response = client.post(
        PAGE,
        data={**CHOSEN, "csrf_token": token},
        base_url="https://lms.test",
        headers={"Referer": "https://lms.test/reading-settings"},  # CSRF's HTTPS check
    )
    assert response.status_code == 302
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(COOKIE_NAME))
    assert "Secure" in header


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ({}, "Choose a text size"),
        ({"text_size": "huge"}, "Choose one of the text size options shown"),
        ({"line_spacing": ""}, "Choose the line spacing"),
        ({"background": "black"}, "Choose one of the background colour options shown"),
    ],
)
def test_a_missing_or_unknown_choice_is_refused_in_plain_words(client, sent, message):
    """A choice left out or not one of the options: 400, the error in plain words, nothing
    saved."""
    choice = {**CHOSEN, **sent} if sent else {}
    response = _save(client, choice)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html and "There is a problem" in html
    assert "Not a valid choice" not in html and "This field is required" not in html
    assert _cookie(client) is None


def test_saving_needs_the_forms_csrf_token(client):
    """A post without the form's token is refused and saves nothing."""
    response = client.post(PAGE, data=CHOSEN)
    assert response.status_code == 400
    assert _cookie(client) is None


def test_saving_signed_in_keeps_the_choice_on_the_account(client, login, people):
    """Signed in, the choice is saved on the person's account, not in a cookie."""
    person = login("trainee")
    response = _save(client)
    assert response.status_code == 302
    assert _cookie(client) is None
    db.session.refresh(person)
    assert (
        person.reading_text_size,
        person.reading_line_spacing,
        person.reading_background,
    ) == ("largest", "more", "cream")
    assert _html_classes(client.get("/trainee")) == f"govuk-template {CLASSES}"


@pytest.mark.parametrize(
    "value",
    [
        "huge.more.cream",
        "largest.more",
        "largest.more.cream.extra",
        "largest..cream",
        "LARGEST.MORE.CREAM",
        "x" * 500,
        "largest.more.cream\u00e9",
        "%3Cscript%3E",
    ],
)
def test_a_tampered_cookie_means_the_defaults_never_an_error(client, value):
    """A cookie holding anything but three known values is ignored: the usual look, no 500."""
    client.set_cookie(COOKIE_NAME, value, domain="lms.test")
    for path in ("/", PAGE, "/help"):
        response = client.get(path)
        assert response.status_code == 200
        assert _html_classes(response) == "govuk-template"
    html = client.get(PAGE).get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="text_size"[^>]*value="standard"', html)


def test_signing_in_moves_the_cookies_settings_to_an_account_without_any(client, people):
    """Settings chosen before sign-in are saved on an account that has none."""
    _save(client)
    person = people["trainee"]
    assert sign_in(client, person.email).status_code == 302
    db.session.refresh(person)
    assert person.reading_text_size == "largest"
    assert person.reading_background == "cream"
    assert _html_classes(client.get("/trainee")) == f"govuk-template {CLASSES}"


def test_once_signed_in_the_accounts_settings_win_over_the_cookie(client, people):
    """An account's own settings are kept at sign-in, and shown, whatever the cookie says."""
    person = people["trainee"]
    person.reading_text_size, person.reading_line_spacing = "large", "standard"
    person.reading_background = "blue"
    db.session.commit()
    _save(client)
    sign_in(client, person.email)
    db.session.refresh(person)
    assert (person.reading_text_size, person.reading_background) == ("large", "blue")
    assert _html_classes(client.get("/trainee")) == (
        "govuk-template app-reading-text-large app-reading-background-blue"
    )
    html = client.get(PAGE).get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="background"[^>]*value="blue"', html)


def test_signing_in_without_the_cookie_leaves_the_account_as_it_was(client, people):
    """No cookie, nothing saved: the account keeps no settings and the usual look."""
    person = people["trainee"]
    sign_in(client, person.email)
    db.session.refresh(person)
    assert person.reading_text_size is None
    assert _html_classes(client.get("/trainee")) == "govuk-template"


@pytest.mark.parametrize(
    ("back", "expected"),
    [
        ("/training/", "/training/"),
        ("/help?x=1", "/help?x=1"),
        ("https://evil.example/", "/"),
        ("//evil.example/", "/"),
        ("/\\evil.example", "/"),
        ("javascript:alert(1)", "/"),
        ("/reading-settings?back=/help", "/"),
    ],
)
def test_go_back_goes_only_to_a_page_of_this_site(client, back, expected):
    """ "Go back to what you were reading" names a local page, never another site or itself."""
    html = client.get(PAGE, query_string={"back": back}).get_data(as_text=True)
    link = re.search(r'<a class="govuk-link" href="([^"]*)" id="go-back">', html).group(1)
    assert link.replace("&amp;", "&") == expected


def test_the_return_address_survives_saving(client):
    """After saving, the page still offers the way back to the page it was opened from."""
    client.get(PAGE, query_string={"back": "/help"})
    response = _save(client, back="/help")
    assert response.headers["Location"].endswith("/reading-settings?back=/help") or (
        response.headers["Location"].endswith("/reading-settings?back=%2Fhelp")
    )
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'href="/help" id="go-back"' in html
    refused = _save(client, back="https://evil.example/")
    assert refused.headers["Location"].endswith("/reading-settings")


def test_every_page_links_to_the_settings_with_its_own_address(client, login):
    """The header and footer link to the settings page, naming the page to come back to."""
    login("trainee")
    html = client.get("/practice/").get_data(as_text=True)
    links = re.findall(r'href="(/reading-settings[^"]*)"', html)
    assert len(links) == 2 and all(link == "/reading-settings?back=/practice/" for link in links)
    assert 'href="/static/css/reading.css' in html


def test_the_privacy_notice_says_reading_settings_are_kept(client):
    """The privacy notice names the reading settings and their cookie."""
    html = client.get("/privacy").get_data(as_text=True)
    assert "Your reading settings, if you choose them" in html
    assert "remember your reading settings before you sign in" in html
