"""Command-line tasks: seed-demo, create-admin, audit verify, and content check's report."""

from __future__ import annotations

import shutil
from pathlib import Path

from sqlalchemy import func, select

from lms.accounts.models import Person, Role, Scheme
from lms.audit.models import AuditEvent
from lms.demo import DEMO_PASSWORD
from lms.extensions import db


def _counts():
    from lms.content.models import ModuleVersion
    from lms.training.models import LessonProgress, QuizAttempt

    models = (Scheme, Person, AuditEvent, ModuleVersion, QuizAttempt, LessonProgress)
    return tuple(db.session.scalar(select(func.count()).select_from(m)) for m in models)


def test_seed_demo_makes_a_scheme_and_one_account_per_role(runner):
    """seed-demo creates the demo scheme and prints a sign-in for every role."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    scheme = db.session.scalars(select(Scheme).where(Scheme.slug == "demo")).one()
    people = db.session.scalars(select(Person).where(Person.scheme_id == scheme.id)).all()
    assert {role for p in people for role in p.roles} == set(Role)
    for role in Role:
        assert f"{role.value}@demo.example" in result.output
    assert DEMO_PASSWORD in result.output


def test_seed_demo_is_idempotent(runner):
    """A second run changes nothing."""
    runner.invoke(args=["seed-demo"])
    before = _counts()
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0
    db.session.expire_all()
    assert _counts() == before


def test_seed_demo_gives_the_trainee_passed_and_unstarted_modules(runner):
    """The demo trainee's learning path shows passed, in-progress and unstarted modules."""
    from lms.training.services import IN_PROGRESS, NOT_STARTED, PASSED, learning_path

    runner.invoke(args=["seed-demo"])
    trainee = db.session.scalars(select(Person).where(Person.email == "trainee@demo.example")).one()
    statuses = {e.module.slug: e.status for e in learning_path(db.session, trainee)}
    assert statuses["role-and-limits"] == PASSED
    assert statuses["boundaries"] == IN_PROGRESS
    assert statuses["safeguarding"] == NOT_STARTED
    assert len(statuses) == 13


def test_demo_accounts_can_sign_in(client, runner):
    """The printed demo sign-ins work."""
    from tests.conftest import sign_in

    runner.invoke(args=["seed-demo"])
    response = sign_in(client, "coordinator@demo.example", DEMO_PASSWORD)
    assert response.status_code == 302
    assert client.get("/").headers["Location"].endswith("/coordinator")


def test_create_admin(runner):
    """create-admin makes an admin who can sign in."""
    result = runner.invoke(
        args=["create-admin", "--email", "Boss@Example.org", "--name", "Bo Boss"],
        input="granite kettle orchard swims\ngranite kettle orchard swims\n",
    )
    assert result.exit_code == 0, result.output
    person = db.session.scalars(select(Person).where(Person.email == "boss@example.org")).one()
    assert person.has_role(Role.ADMIN) and person.has_password


def test_create_admin_refuses_a_weak_password(runner):
    """The password policy applies on the command line too."""
    result = runner.invoke(
        args=["create-admin", "--email", "boss@example.org", "--name", "Bo Boss"],
        input="password\npassword\n",
    )
    assert result.exit_code != 0
    assert "at least 12 characters" in result.output


def test_audit_verify_detects_an_edited_event(runner):
    """Changing a recorded event breaks the chain and the check says where."""
    runner.invoke(args=["seed-demo"])
    assert runner.invoke(args=["audit", "checkpoint"]).exit_code == 0
    assert runner.invoke(args=["audit", "verify"]).exit_code == 0
    event = db.session.scalars(select(AuditEvent).order_by(AuditEvent.id)).first()
    event.reason = "quietly rewritten"
    db.session.commit()
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert f"broken at event {event.id}" in result.output


def test_seed_demo_has_answers_waiting_marked_and_referred(runner):
    """The demo shows every state of a scenario answer."""
    from lms.assessment.models import ScenarioSubmission

    runner.invoke(args=["seed-demo"])
    states = {(s.status, s.outcome) for s in db.session.scalars(select(ScenarioSubmission))}
    assert states == {("submitted", None), ("marked", "pass"), ("marked", "refer")}


def test_seed_demo_has_a_trainee_one_requirement_short(runner):
    """One demo trainee has done everything for the core certificate except the DBS check."""
    from lms.certificates.definitions import find_definition
    from lms.certificates.eligibility import evaluate
    from lms.ukdates import uk_today

    runner.invoke(args=["seed-demo"])
    nearly = db.session.scalars(select(Person).where(Person.email == "nearly@demo.example")).one()
    result = evaluate(
        db.session, nearly, find_definition(db.session, "core-peer-mentor"), uk_today()
    )
    assert [item.code for item in result.unmet] == ["vetting"]


# content check: problems, then known problems, then a guessability table per module.

CONTENT_FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _modules_with_a_known_problem(tmp_path: Path) -> Path:
    """The clean sample module, a guessable one, and a list marking its guessing as known."""
    root = tmp_path / "modules"
    shutil.copytree(CONTENT_FIXTURES / "valid_modules" / "sample-module", root / "sample-module")
    shutil.copytree(CONTENT_FIXTURES / "broken_modules" / "guessing", root / "guessing")
    (root / "known-problems.yaml").write_text(
        "known:\n  - module: guessing\n    rule: guessing\n    scores: {longest option: 100.0}\n",
        encoding="utf-8",
    )
    return root


def test_content_check_prints_known_problems_and_a_table_per_module(runner, tmp_path):
    """Known problems are marked as known and do not fail; every module gets its table, each
    strategy's score against chance and limit, and where the correct options sit."""
    root = _modules_with_a_known_problem(tmp_path)
    result = runner.invoke(args=["content", "check", str(root)])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    lines = result.output.splitlines()
    assert lines[0].startswith("Known problems, left for the curriculum rewrite")
    assert lines[1].startswith("  known: ") and lines[1].endswith(
        "guessing/questions.yaml:1: guessing: 'longest option' scores 100.0% without reading "
        "the questions (chance 33.3%, limit 43.3%)"
    )
    start = lines.index("guessing: 12 questions, 12 with one answer")
    assert lines[start + 1 : start + 3] == [
        "  blind strategy            score  chance   limit",
        "  longest option           100.0%   33.3%   43.3%  FAIL",
    ]
    assert "  second-longest option      0.0%   33.3%   43.3%  ok" in lines
    assert "  correct option by length:   longest 100%  2nd 0%  3rd 0%" in lines
    fails = [n for n, line in enumerate(lines) if line.startswith("  FAIL ")]
    assert len(fails) == 1  # advice for the one failing strategy only
    advice = [lines[fails[0]]]
    advice += [line for line in lines[fails[0] + 1 :][:3] if line.startswith("    ")]
    assert " ".join(line.strip() for line in advice) == (
        "FAIL longest option: write wrong options as long, careful and plausible as the right "
        "one, so the right answer is not given away by its length."
    )
    assert "sample-module: 12 questions, 9 with one answer" in lines
    assert lines[-2:] == [
        "1 known problem(s) left for the curriculum rewrite.",
        "OK: 2 modules, 24 questions, 1 scenarios, 0 certificates checked.",
    ]
    tables = lines[lines.index("guessing: 12 questions, 12 with one answer") :]
    assert max(len(line) for line in tables) <= 80


def test_content_check_fails_on_each_problem_with_its_file_and_line(runner, tmp_path):
    """Without the list the guessing problem fails: printed as file:line: message, exit 1."""
    root = _modules_with_a_known_problem(tmp_path)
    (root / "known-problems.yaml").unlink()
    result = runner.invoke(args=["content", "check", str(root)])
    assert result.exit_code == 1
    problems = result.stderr.splitlines()
    assert problems[0].endswith(
        "guessing/questions.yaml:1: guessing: 'longest option' scores "
        "100.0% without reading the questions (chance 33.3%, limit 43.3%)"
    )
    assert problems[-1] == "1 problem(s) found."
    assert "Known problems" not in result.stdout
    assert "guessing: 12 questions, 12 with one answer" in result.stdout


def test_content_check_refuses_a_stale_known_problem(runner, tmp_path):
    """A listed problem that no longer happens fails the check until it is taken off."""
    root = _modules_with_a_known_problem(tmp_path)
    shutil.rmtree(root / "guessing")
    result = runner.invoke(args=["content", "check", str(root)])
    assert result.exit_code == 1
    assert (
        "known-problems.yaml:2: known problem (module 'guessing', rule 'guessing') no longer "
        "happens: remove it from the list"
    ) in result.stderr


def test_seed_demo_names_the_schemes_safeguarding_lead_and_deputy(runner):
    """Lessons that send trainees to the safeguarding lead can name the demo scheme's people."""
    from lms.accounts.contacts import safeguarding_contacts

    runner.invoke(args=["seed-demo"])
    scheme = db.session.scalars(select(Scheme).where(Scheme.slug == "demo")).one()
    contacts = safeguarding_contacts(db.session, scheme)
    assert (contacts.lead, contacts.deputy) == ("Cara Coordinator", "Tom Trainer")
