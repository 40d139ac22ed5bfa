"""Written answers saved as they are written: the draft saved from the page's script (JSON),
refused for another's or a sent answer, the word limit and the page's plain error words."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from lms.assessment.models import ScenarioSubmission
from lms.extensions import db
from tests.conftest import csrf_token
from tests.factories import LONG_ANSWER, make_module, make_scenario, submit_answer

URL = "/assessment/boundaries/money"
DRAFT = URL + "/draft"
JSON = {"Accept": "application/json"}


@pytest.fixture
def scenario(app):
    return make_scenario(make_module("boundaries"))


def page_field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no {name} on the page"
    return match.group(1)


def data_attr(html: str, name: str) -> str:
    match = re.search(rf'data-{name}="([^"]*)"', html)
    assert match, f"no data-{name} on the page"
    return match.group(1)


def post_draft(client, text: str, **extra):
    token = csrf_token(client, URL)
    return client.post(DRAFT, data={"answer": text, "csrf_token": token, **extra}, headers=JSON)


def drafts() -> list[ScenarioSubmission]:
    db.session.expire_all()
    return list(db.session.scalars(select(ScenarioSubmission)))


def test_draft_is_saved_as_json_with_the_uk_time(client, login, scenario):
    """The script's save keeps the text as a draft (never sent) and says when, in UK time."""
    login("trainee")
    response = post_draft(client, "My first thoughts")
    assert response.status_code == 200
    answer = response.get_json()
    assert answer["saved"] is True
    assert re.fullmatch(r"Draft saved at \d{1,2}:\d\d[ap]m", answer["message"])
    assert answer["words"] == 3 and answer["version"]
    assert answer["session_seconds"] == 12 * 3600
    (draft,) = drafts()
    assert draft.status == "draft" and draft.answer == "My first thoughts"


def test_a_newer_server_draft_is_never_overwritten_from_an_older_page(client, login, scenario):
    """A save that names the draft version it was written on is refused once that changed."""
    login("trainee")
    first = post_draft(client, "Written on the phone").get_json()
    post_draft(client, "Written on the computer", base=first["version"])
    stale = post_draft(client, "Old page text", base=first["version"])
    assert stale.status_code == 409 and stale.get_json()["error"] == "newer"
    (draft,) = drafts()
    assert draft.answer == "Written on the computer"


def test_draft_save_needs_the_csrf_token(client, login, scenario):
    """Without the page's token the draft is not saved (and nothing is held: still signed in)."""
    login("trainee")
    client.application.config["WTF_CSRF_ENABLED"] = True
    response = client.post(DRAFT, data={"answer": "Forged"}, headers=JSON)
    assert response.status_code == 400
    assert drafts() == []


def test_no_draft_is_saved_into_a_sent_answer(client, login, people, scenario):
    """Once the answer is sent, a draft save is refused and the sent text stays as it was."""
    submit_answer(people["trainee"], scenario)
    login("trainee")
    token = csrf_token(client, "/assessment/")
    response = client.post(DRAFT, data={"answer": "Change it", "csrf_token": token}, headers=JSON)
    assert response.status_code == 409 and response.get_json()["error"] == "sent"
    (sent,) = drafts()
    assert sent.status == "submitted" and sent.answer == LONG_ANSWER


def test_only_trainees_save_drafts_and_only_their_own(client, login, people, scenario):
    """A trainer cannot save a draft; a trainee's save never touches another trainee's draft."""
    from lms.accounts.models import Role
    from lms.assessment import services
    from tests.factories import make_person

    other = make_person("olive@example.org", "Olive", [Role.TRAINEE], people["trainee"].scheme)
    services.save_answer(
        db.session,
        other,
        scenario,
        scenario.module_version.module,
        "Olive's draft",
        submit=False,
        settings=services.Settings(),
    )
    db.session.commit()
    login("trainer")
    token = csrf_token(client, "/assessment/queue")
    refused = client.post(DRAFT, data={"answer": "x", "csrf_token": token}, headers=JSON)
    assert refused.status_code == 403
    client.post("/sign-out", data={"csrf_token": token})
    login("trainee")
    post_draft(client, "Mine")
    texts = {d.person_id: d.answer for d in drafts()}
    assert texts == {other.id: "Olive's draft", people["trainee"].id: "Mine"}


def test_too_long_draft_is_refused_in_plain_words(client, login, scenario):
    """More than 20,000 letters and spaces is refused with plain words, as JSON and on the page."""
    login("trainee")
    response = post_draft(client, "a" * 20001)
    assert response.status_code == 400
    assert "too long to save" in response.get_json()["message"]
    page = client.post(
        URL, data={"answer": "a" * 20001, "save": "1", "csrf_token": csrf_token(client, URL)}
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 400
    assert "Your answer is too long to save" in html
    assert "Field cannot be longer" not in html and "characters" not in html.split("<main")[1]


def test_empty_and_too_many_words_read_plainly_and_keep_the_draft(client, login, scenario):
    """Sending nothing, or more words than the limit, says so plainly; the draft is kept."""
    login("trainee")
    empty = client.post(
        URL, data={"answer": "", "send": "1", "csrf_token": csrf_token(client, URL)}
    )
    assert empty.status_code == 400
    assert "Write your answer before you send it. Write at least 80 words." in empty.get_data(
        as_text=True
    )
    client.application.config["SCENARIO_MAX_WORDS"] = 100
    long = " ".join(["word"] * 120)
    page = client.post(
        URL, data={"answer": long, "send": "1", "csrf_token": csrf_token(client, URL)}
    )
    assert page.status_code == 400
    assert "Your answer has 120 words. Keep it to 100 words or fewer, then send it." in (
        page.get_data(as_text=True)
    )
    (draft,) = drafts()
    assert draft.status == "draft" and draft.answer == long


def test_the_page_has_the_word_count_and_what_the_script_needs(client, login, scenario):
    """The GOV.UK character count (a word limit), the server's count for no JavaScript, and
    when the sign-in ends and when to warn."""
    login("trainee")
    client.post(
        URL, data={"answer": "One two three", "save": "1", "csrf_token": csrf_token(client, URL)}
    )
    html = client.get(URL).get_data(as_text=True)
    assert 'data-module="govuk-character-count"' in html
    assert data_attr(html, "maxlength") == "1000" and data_attr(html, "count-type") == "words"
    assert "You have written <span data-words-written>3 words</span>" in html
    assert "You can write up to 1,000 words." in html
    assert data_attr(html, "session-seconds") == str(12 * 3600)
    assert data_attr(html, "warning-seconds") == "120"
    assert data_attr(html, "draft-url") == DRAFT
    assert data_attr(html, "stay-url") == "/stay-signed-in"
    (draft,) = drafts()
    assert data_attr(html, "draft-key") == f"{draft.person_id}:money:1"
    assert data_attr(html, "draft-version") and page_field(html, "held_for")
    assert 'role="alertdialog"' in html and "Stay signed in" in html


def test_stay_signed_in_renews_the_session(client, login, scenario):
    """ "Stay signed in" sends the session cookie again, good for the whole lifetime from now."""
    login("trainee")
    token = csrf_token(client, URL)
    response = client.post("/stay-signed-in", data={"csrf_token": token}, headers=JSON)
    assert response.status_code == 200
    assert response.get_json() == {"signed_in": True, "session_seconds": 12 * 3600}
    cookie = response.headers.get("Set-Cookie", "")
    assert cookie.startswith("session=") and "Expires=" in cookie
    assert client.post("/stay-signed-in", data={}, headers=JSON).status_code == 400
    without_js = client.post("/stay-signed-in", data={"csrf_token": token, "next": URL})
    assert without_js.status_code == 302 and without_js.headers["Location"] == URL
