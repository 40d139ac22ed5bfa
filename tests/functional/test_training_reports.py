"""Trainer views: trainees' progress (filter, CSV, scheme isolation) and question statistics."""

from __future__ import annotations

import csv
import io

from lms.accounts.models import Role
from lms.extensions import db
from tests.factories import make_module, make_person, make_scheme, take_quiz


def test_progress_shows_only_the_trainers_scheme(client, login, people):
    """A trainer of scheme A never sees a trainee of scheme B."""
    make_module("sample")
    other = make_scheme("other", "Other Scheme")
    make_person("outsider@example.org", "Oscar Outsider", [Role.TRAINEE], other)
    login("trainer")
    page = client.get("/training-reports/progress").get_data(as_text=True)
    assert "Trainee" in page and people["trainee"].name in page
    assert "Oscar Outsider" not in page
    exported = client.get("/training-reports/progress.csv").get_data(as_text=True)
    assert "outsider@example.org" not in exported


def test_progress_filters_by_module_status(client, login, people):
    """Filtering by a module's status keeps only matching trainees."""
    module = make_module("sample")
    slow = make_person("slow@example.org", "Sid Slow", [Role.TRAINEE], people["trainee"].scheme)
    take_quiz(people["trainee"], module, right=True)
    login("trainer")
    passed = client.get(
        "/training-reports/progress", query_string={"module": "sample", "status": "passed"}
    ).get_data(as_text=True)
    assert people["trainee"].name in passed and slow.name not in passed


def test_progress_csv_export_has_a_row_per_trainee_and_is_formula_safe(client, login, people):
    """The CSV lists each trainee's status per module and defuses formula-like names."""
    module = make_module("sample")
    make_person("evil@example.org", "=HYPERLINK(1)", [Role.TRAINEE], people["trainee"].scheme)
    take_quiz(people["trainee"], module, right=True)
    login("trainer")
    response = client.get("/training-reports/progress.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert rows[0][:4] == ["Name", "Email", "Scheme", "Modules passed"] and rows[0][4] == "sample"
    by_email = {row[1]: row for row in rows[1:]}
    assert by_email[people["trainee"].email][4] == "Passed"
    assert by_email["evil@example.org"][0] == "'=HYPERLINK(1)"


def test_question_statistics_count_answers_and_options(client, login, people):
    """Each question shows how often it was answered, how often right, and option choices."""
    module = make_module("sample", questions=12, per_attempt=12)
    take_quiz(people["trainee"], module, right=True)
    second = make_person("two@example.org", "Tia Two", [Role.TRAINEE], people["trainee"].scheme)
    take_quiz(second, module, right=False)
    login("trainer")
    page = client.get("/training-reports/questions/sample/v1").get_data(as_text=True)
    assert "Answered 2 times, right 50% of the time." in page
    assert client.get("/training-reports/questions/sample/v9").status_code == 404


def test_question_statistics_only_count_the_trainers_scheme(app, people):
    """Trainers see their own scheme's answers; admins see everyone's."""
    from lms.training.reports import question_stats

    module = make_module("sample", questions=12, per_attempt=12)
    other = make_scheme("other", "Other Scheme")
    outsider = make_person("o@example.org", "Out Sider", [Role.TRAINEE], other)
    take_quiz(outsider, module, right=True)
    version = module.current_version
    assert question_stats(db.session, version, people["trainer"])[0].answered == 0
    assert question_stats(db.session, version, people["admin"])[0].answered == 1
