"""Trainer notes and the glossary in the app: the reveal on lesson pages, the trainer notes page,
the glossary page and links to it, the content commands, and the women pathway."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from lms.content.sync import sync_content
from lms.extensions import db
from lms.training.notes import clear_glossary_cache
from tests.factories import make_module

VALID = Path(__file__).resolve().parent.parent / "fixtures" / "valid_modules"
LESSON = "/training/sample-module/lessons/01-first-lesson"
NOTES = "/training/sample-module/trainer-notes"


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A modules folder: the sample module (its first lesson links a term) and the glossary."""
    root = tmp_path / "modules"
    shutil.copytree(VALID / "sample-module", root / "sample-module")
    shutil.copy(VALID / "glossary.yaml", root / "glossary.yaml")
    lesson = root / "sample-module" / "lessons" / "01-first-lesson.md"
    text = lesson.read_text(encoding="utf-8")
    lesson.write_text(text.replace("keep a boundary", "keep a [boundary](glossary:boundary)"))
    return root


@pytest.fixture
def app_config(app_config, root):
    app_config["CONTENT_ROOT"] = str(root)
    clear_glossary_cache()
    yield app_config
    clear_glossary_cache()


@pytest.fixture
def synced(app, root):
    sync_content(db.session, root)
    db.session.commit()


def _html(client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, path
    return response.get_data(as_text=True)


def test_a_lesson_reveals_its_notes_and_links_the_glossary(client, login, synced):
    login("trainee")
    html = _html(client, LESSON)
    details = html[html.index('<details class="govuk-details">') : html.index("</details>")]
    assert "Check your thinking</span></summary>" in details
    assert "<li>Say no kindly, and say why.</li>" in details
    assert "Sam asks you for £10" not in details
    assert (
        '<a href="/training/glossary#boundary" class="govuk-link app-glossary-link">boundary</a>'
        in html
    )
    assert 'href="/training/glossary">See the glossary</a>' in html


def test_the_trainer_notes_page_lists_each_situation_and_its_notes(client, login, synced):
    login("trainer")
    html = _html(client, NOTES)
    assert '<h1 class="govuk-heading-l">Trainer notes</h1>' in html
    assert html.index("Sam asks you for £10") < html.index("Say no kindly, and say why.")
    assert html.index("Say no kindly, and say why.") < html.index("Sam says someone")
    assert "<li>Call 999 first if Sam is in danger now.</li>" in html
    assert f'href="{LESSON}"' in html
    assert "<details" not in html
    assert re.search(r'class="govuk-list govuk-list--bullet"', html)


def test_lessons_without_notes_say_so(client, login):
    make_module("old")  # hand-made lessons with no sections, as synced before trainer notes
    login("coordinator")
    html = _html(client, "/training/old/trainer-notes")
    assert html.count("This lesson has no notes yet.") == 2
    assert _html(client, "/training/no-such-module/trainer-notes", 404)


@pytest.mark.parametrize("role", ["trainer", "coordinator", "admin"])
def test_staff_find_the_notes_from_the_module_page(client, login, synced, role):
    login(role)
    assert f'href="{NOTES}"' in _html(client, "/training/sample-module")


def test_trainees_neither_see_nor_open_the_notes_page(client, login, synced):
    login("trainee")
    assert NOTES not in _html(client, "/training/sample-module")
    assert client.get(NOTES).status_code == 403


def test_trainers_find_the_notes_where_marking_lives(client, login, synced):
    login("trainer")
    assert f'href="{NOTES}"' in _html(client, "/assessment/queue")
    assert f'href="{NOTES}"' in _html(client, "/training-reports/questions")


@pytest.mark.parametrize("role", ["trainee", "trainer", "coordinator", "admin"])
def test_the_glossary_is_a_to_z_and_in_every_navigation(client, login, role):
    login(role)
    home = _html(client, {"trainee": "/trainee"}.get(role, f"/{role}"))
    assert 'href="/training/glossary"' in home
    html = _html(client, "/training/glossary")
    assert '<dl class="app-glossary">' in html
    ids = re.findall(r'<dt class="[^"]*" id="([^"]+)">', html)
    assert ids == ["boundary", "coordinator", "safeguarding-lead"]
    assert "Also: safeguarding leads, named deputy" in html


def test_an_invalid_or_missing_glossary_shows_no_terms(client, login, root):
    (root / "glossary.yaml").write_text("terms:\n  - id: a\n    term: a\n", encoding="utf-8")
    login("trainee")
    assert "No glossary terms have been loaded yet." in _html(client, "/training/glossary")


def test_content_check_counts_terms_and_sync_refuses_glossary_problems(runner, root):
    result = runner.invoke(args=["content", "check", str(root)])
    assert result.exit_code == 0, result.output
    assert "Glossary: 3 terms (glossary.yaml)." in result.output
    (root / "glossary.yaml").write_text("terms:\n  - id: a\n    term: a\n", encoding="utf-8")
    result = runner.invoke(args=["content", "check", str(root)])
    assert result.exit_code == 1
    assert "glossary.yaml:2: terms[0]: missing required field 'definition'" in result.output
    result = runner.invoke(args=["content", "sync", str(root)])
    assert result.exit_code == 1
    assert "glossary.yaml:2" in result.output


def test_the_women_pathway_is_an_extra_pathway(client, login, root):
    module_yaml = root / "sample-module" / "module.yaml"
    text = module_yaml.read_text(encoding="utf-8")
    module_yaml.write_text(text.replace("pathway: core", "pathway: women"), encoding="utf-8")
    sync_content(db.session, root)
    db.session.commit()
    login("trainee")
    html = _html(client, "/trainee")
    assert html.index("Extra pathways") < html.index("Sample module")
    assert "with women" in html
