"""Numbers typed into query strings and form field names: a 400 or ignored, never a 500."""

from __future__ import annotations

import re

import pytest

from lms.accounts.models import Role
from lms.api.keys import create_key
from lms.extensions import db
from lms.training.models import QuizAttempt
from tests.conftest import csrf_token, sign_in
from tests.factories import make_mentee, make_mentor, make_module, make_person

# Superscript two and Arabic-Indic three pass str.isdigit(); 5,000 digits pass it too but
# int() refuses more than 4,300; 20 digits overflow every database integer.
ODD = ["%C2%B2", "%D9%A3", "1" * 5000, "9" * 20, "+1", "%201"]


@pytest.fixture
def key(people):
    _, plain = create_key(db.session, people["coordinator"], people["coordinator"].scheme, "CRM")
    make_mentor(people["trainer"], capacity=1)
    make_mentee(people["trainee"].scheme, "ODD-1")
    db.session.commit()
    return plain


@pytest.mark.parametrize("page", ODD)
@pytest.mark.parametrize("path", ["/api/v1/mentors", "/api/v1/mentees/ODD-1/candidates"])
def test_api_page_numbers_outside_ascii_digits_are_a_400_naming_page(client, key, path, page):
    """An API ?page= that is not 1 to 9 ASCII digits is a JSON 400 naming ``page``."""
    response = client.get(f"{path}?page={page}", headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    assert response.json["error"] == "bad_request"
    assert response.json["fields"][0]["field"] == "page"
    assert "0-9" in response.json["message"]


def _start_quiz(client) -> str:
    token = csrf_token(client, "/training/sample")
    response = client.post("/training/sample/quiz", data={"csrf_token": token})
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.mark.parametrize("odd", ["²", "٣", "1" * 5000])
def test_quiz_answers_with_odd_digits_are_refused_with_a_message(client, login, odd):
    """A quiz field ``answer-²`` or an option ``²`` is a 400 with a message, not a 500."""
    make_module("sample")
    login("trainee")
    url = _start_quiz(client)
    attempt_id = int(re.search(r"/attempts/(\d+)", url).group(1))
    first = db.session.get(QuizAttempt, attempt_id).questions[0]
    for data in ({f"answer-{odd}": ["0"]}, {f"answer-{first.id}": [odd]}):
        response = client.post(url, data={**data, "csrf_token": csrf_token(client, url)})
        assert response.status_code == 400, response.get_data(as_text=True)[:300]
        page = response.get_data(as_text=True)
        assert "not in this quiz" in page or "not one of its options" in page
    assert db.session.get(QuizAttempt, attempt_id).status == "in_progress"


LISTS = {
    "/certificates/scheme": ["page", "scheme"],
    "/matching/mentees": ["page", "scheme"],
    "/matching/mentors": ["page", "scheme"],
    "/matching/supervision": ["page"],
    "/matching/": ["scheme"],
    "/admin/people": ["page", "scheme"],
    "/training-reports/progress": ["page", "scheme"],
    "/assessment/queue": ["page"],
    "/vetting/": ["page"],
    "/admin/audit/": ["page"],
    "/admin/outbox/": ["page"],
    "/practice/scheme": ["page", "trainee"],
    "/invitations/": ["page"],
}


@pytest.mark.parametrize("path", LISTS)
def test_web_lists_refuse_odd_page_and_scheme_numbers_with_a_400(client, people, path):
    """A web list given a ?page= or ?scheme= that is not 1-9 ASCII digits says so with a 400."""
    make_person("all@example.org", "All Roles", list(Role), people["trainee"].scheme)
    db.session.commit()
    assert sign_in(client, "all@example.org").status_code == 302
    for name in LISTS[path]:
        for odd in ODD:
            response = client.get(f"{path}?{name}={odd}")
            assert response.status_code == 400, (path, name, odd[:10], response.status_code)
            assert "digits 0-9" in response.get_data(as_text=True)
        assert client.get(f"{path}?{name}=").status_code == 200  # empty: the default
