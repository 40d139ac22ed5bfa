"""One error pattern for every form: a POST that fails answers 400 (or redirects), never 200.

Walks every POST route of the authorisation matrix, so a new form route is covered as soon as
it is listed there: an empty body, as the first role allowed to use it, must not answer 200.
"""

from __future__ import annotations

import pytest

from tests.access import ANON, API_KEY
from tests.functional.test_authorisation_matrix import MATRIX, OWNER, core_objects

POSTS = [row for row in MATRIX if row[1] == "POST" and row[3] != API_KEY]


@pytest.fixture
def app_config(app_config):
    app_config["WTF_CSRF_ENABLED"] = False  # as the matrix: the empty body fails on its fields
    return app_config


@pytest.mark.parametrize(
    ("endpoint", "method", "path", "allowed"), POSTS, ids=[p for _, _, p, _ in POSTS]
)
def test_empty_post_is_never_200(client, people, login, endpoint, method, path, allowed):
    owner = OWNER.get((endpoint, method, path))
    objects = owner.objects(people) if owner is not None else core_objects(people, path)
    who = allowed[0]
    if who != ANON:
        login(who)
    url = path.format(**objects)
    response = client.post(url, data={})
    status = response.status_code
    body = response.get_data(as_text=True)
    # 409: a matching step the eligibility gate refused (its page says why), never a 200
    assert status in (302, 303, 400, 409), f"{who} posting nothing to {url} got {status}"
    if status == 400 and "govuk-form-group" in body:  # the form shown again: the summary too
        assert "govuk-error-summary" in body, f"{url} shows its form again without the summary"


GETS = {(row[0], row[2]) for row in MATRIX if row[1] == "GET"}
# Not the links with a made-up token: their page says the link is wrong, with 400 by design.
FORM_PAGES = [row for row in POSTS if (row[0], row[2]) in GETS and "not-a-token" not in row[2]]


@pytest.mark.parametrize(
    ("endpoint", "method", "path", "allowed"), FORM_PAGES, ids=[p for _, _, p, _ in FORM_PAGES]
)
def test_showing_a_form_page_stays_200(client, people, login, endpoint, method, path, allowed):
    """The GET of a page whose POST is walked above: 200 (or a redirect), never 400."""
    owner = OWNER.get((endpoint, method, path))
    objects = owner.objects(people) if owner is not None else core_objects(people, path)
    who = allowed[0]
    if who != ANON:
        login(who)
    url = path.format(**objects)
    response = client.get(url)
    assert response.status_code in (200, 302), f"{who} opening {url} got {response.status_code}"
    assert "govuk-error-summary" not in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("role", "shown", "sent"),
    [
        (ANON, "/verify", "/verify?number=PM-12"),
        ("trainer", "/assessment/oral", "/assessment/oral?person=&scenario="),
    ],
)
def test_a_form_sent_by_get_answers_400_when_it_fails(client, login, people, role, shown, sent):
    """A lookup sent by GET: the empty form is 200, what was sent and failed is 400."""
    if role != ANON:
        login(role)
    assert client.get(shown).status_code == 200
    response = client.get(sent)
    assert response.status_code == 400 and "govuk-error-summary" in response.get_data(as_text=True)
