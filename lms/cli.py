"""Command-line tasks: ``flask --app lms seed-demo``, ``create-admin``, ``audit verify`` and
``audit checkpoint``, ``content check`` and ``content sync``; every feature's group registered."""

from __future__ import annotations

from pathlib import Path

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask, current_app
from flask.cli import AppGroup

from lms.accounts import services as accounts
from lms.accounts.models import Role
from lms.api.cli import api_key_cli
from lms.audit.runs import CLI, record_run
from lms.audit.services import ChainReport, no_checkpoints, take_checkpoint, verify_trail
from lms.certificates.cli import accreditation_cli, certificates_cli
from lms.certificates.definitions import DEFAULT_CERTIFICATES_ROOT, load_definitions, sync_all
from lms.content.glossary import GLOSSARY_FILE
from lms.content.known import KNOWN_FILE
from lms.content.loader import DEFAULT_ROOT, Problem, check_modules
from lms.content.reading import MAX_GRADE, reading_grade
from lms.content.report import guess_table
from lms.content.sync import ContentInvalid
from lms.credentials.cli import credentials_cli
from lms.demo import DEMO_PASSWORD, seed_demo
from lms.extensions import db
from lms.matching.cli import matching_cli
from lms.matching.mentees.cli import mentees_cli
from lms.notifications.cli import notifications_cli
from lms.scale.cli import seed_scale_command
from lms.vetting.cli import vetting_cli

audit_cli = AppGroup("audit", help="Check the audit trail and anchor it outside the database.")


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Create the demo scheme and one account per role (safe to run again)."""
    accounts_made = seed_demo(db.session)
    db.session.commit()
    click.echo("Demo scheme 'demo' is ready. Sign in at /sign-in with:")
    for role, email in accounts_made:
        click.echo(f"  {role:<12} {email}  password: {DEMO_PASSWORD}")


@click.command("create-admin")
@click.option("--email", prompt=True)
@click.option("--name", prompt=True)
@click.password_option()
def create_admin_command(email: str, name: str, password: str) -> None:
    """Create an admin account, or give an existing account the admin role."""
    try:
        email = accounts.checked_email(email)
        validate_email(email, check_deliverability=False)
    except accounts.AccountError as exc:
        raise click.BadParameter(exc.message, param_hint="--email") from exc
    except EmailNotValidError as exc:
        raise click.BadParameter(str(exc), param_hint="--email") from exc
    person = accounts.find_by_email(db.session, email)
    if person is None:
        try:
            person = accounts.create_person(
                db.session,
                email=email,
                name=name,
                roles=[Role.ADMIN],
                scheme=None,
                password=password,
            )
        except accounts.PasswordRejected as exc:
            raise click.BadParameter("; ".join(exc.problems), param_hint="password") from exc
        except accounts.AccountError as exc:
            raise click.BadParameter(exc.message, param_hint=f"--{exc.field}") from exc
        click.echo(f"Created admin {person.email}.")
    elif person.has_role(Role.ADMIN):
        click.echo(f"{person.email} is already an admin.")
    else:
        accounts.update_person(
            db.session,
            person,
            person,
            name=person.name,
            roles=[*person.roles, Role.ADMIN],
            scheme=person.scheme,
        )
        click.echo(f"Gave {person.email} the admin role.")
    db.session.commit()


NO_CHECKPOINTS_LEFT_UNDETECTED = (
    "No checkpoints, and --no-checkpoints was given: deleting the newest events (or all of "
    "them), or a rewrite by someone who holds the audit key, would not be noticed."
)


def _echo_report(report: ChainReport, *, checkpoints_required: bool) -> None:
    if report.checkpoints_found:
        click.echo(
            f"Compared with {report.checkpoints_checked} signed checkpoints "
            f"from {report.checkpoint_source}."
        )
    elif not checkpoints_required:
        click.echo(NO_CHECKPOINTS_LEFT_UNDETECTED, err=True)
    if report.ok:
        click.echo(f"Audit trail intact: {report.checked} events checked.")
        return
    if report.broken_at is not None:
        click.echo(
            f"Audit trail broken at event {report.broken_at}: it {report.problem}.", err=True
        )
    if report.checkpoints_missing:
        click.echo(
            f"Audit trail not anchored: {no_checkpoints(report.checkpoint_source)} (or pass "
            "--no-checkpoints to accept that, for a trail whose checkpoints are not kept yet).",
            err=True,
        )
    for problem in report.checkpoint_problems:
        click.echo(f"Audit trail does not match its checkpoints: {problem}.", err=True)


@audit_cli.command("verify")
@click.option(
    "--checkpoints",
    "checkpoint_path",
    type=click.Path(exists=True, dir_okay=True, path_type=str),
    default=None,
    help="A checkpoint file or folder of .jsonl files [default: AUDIT_CHECKPOINT_PATH].",
)
@click.option(
    "--no-checkpoints",
    "skip_checkpoints",
    is_flag=True,
    help="Pass a trail that has no checkpoint yet (truncation and a rewrite go unnoticed).",
)
def audit_verify_command(checkpoint_path: str | None, skip_checkpoints: bool) -> None:
    """Check the keyed chain and every signed checkpoint; exits 1 on any problem.

    Finds events changed, removed or out of order, newest events deleted, the trail rewritten
    and forged checkpoints. A trail with events but no checkpoint fails unless
    --no-checkpoints is given.
    """
    report = verify_trail(db.session, checkpoint_path, require_checkpoints=not skip_checkpoints)
    record_run(db.session, report, CLI)  # the admin's home page shows the last check
    db.session.commit()
    _echo_report(report, checkpoints_required=not skip_checkpoints)
    if not report.ok:
        raise SystemExit(1)


@audit_cli.command("checkpoint")
def audit_checkpoint_command() -> None:
    """Sign the trail's head (count, last id and hash, time), append it to
    AUDIT_CHECKPOINT_PATH and print it, so it can also be kept elsewhere."""
    checkpoint = take_checkpoint(db.session)
    click.echo(checkpoint.line())
    click.echo(f"Appended to {current_app.config['AUDIT_CHECKPOINT_PATH']}.", err=True)


# Content and certificate definitions are checked and loaded together, so these commands sit
# here, above both features.
content_cli = AppGroup("content", help="Check training modules and load them into the database.")

path_argument = click.argument(
    "path", required=False, type=click.Path(path_type=Path, file_okay=False)
)


def _fail(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) found.", err=True)
    raise SystemExit(1)


certificates_option = click.option(
    "--certificates",
    "certificates",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Certificate definitions folder (default: certificates/ when PATH is not given).",
)


def _certificates_root(path: Path | None, certificates: Path | None) -> Path | None:
    if certificates is not None:
        return certificates
    return DEFAULT_CERTIFICATES_ROOT if path is None else None


def _echo_known(known: list[Problem]) -> None:
    if known:
        click.echo(f"Known problems, left for the curriculum rewrite ({KNOWN_FILE}):")
        for problem in known:
            click.echo(f"  known: {problem}")
        click.echo()


def _echo_reading(root: Path) -> None:
    """Each lesson's Flesch-Kincaid grade (the limit is MAX_GRADE, a reading age of about 10)."""
    lessons = sorted(Path(root).glob("lessons/*.md")) or sorted(Path(root).glob("*/lessons/*.md"))
    if lessons:
        click.echo(f"Reading age: Flesch-Kincaid grade per lesson (limit {MAX_GRADE:.0f})")
        for lesson in lessons:
            grade = reading_grade(lesson.read_text(encoding="utf-8", errors="replace"))
            flag = "  too hard" if grade > MAX_GRADE else ""
            click.echo(f"  {grade:4.1f}  {lesson.parent.parent.name}/{lesson.name}{flag}")
        click.echo()


@content_cli.command("check")
@path_argument
@certificates_option
def check_command(path: Path | None, certificates: Path | None) -> None:
    """Check every module under PATH (default: modules/) and the certificate definitions.

    Prints every problem with its file and line (the glossary's too), then the known problems
    listed in modules/known-problems.yaml, each module's guessability table, each lesson's
    reading age and the number of glossary terms. Exits 1 on any problem.
    """
    check = check_modules(path or DEFAULT_ROOT)
    problems, definitions = list(check.problems), []
    certificates_root = _certificates_root(path, certificates)
    if certificates_root is not None:
        definitions, more = load_definitions(certificates_root, check.modules)
        problems += more
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(err=True)
    _echo_known(check.known)
    for module, report in sorted(check.guessing.items()):
        for line in guess_table(module, report):
            click.echo(line)
        click.echo()
    _echo_reading(path or DEFAULT_ROOT)
    click.echo(f"Glossary: {len(check.glossary.terms)} terms ({GLOSSARY_FILE}).")
    if check.known:
        click.echo(f"{len(check.known)} known problem(s) left for the curriculum rewrite.")
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        raise SystemExit(1)
    questions = sum(len(module.questions) for module in check.modules)
    scenarios = sum(len(module.scenarios) for module in check.modules)
    click.echo(
        f"OK: {len(check.modules)} modules, {questions} questions, {scenarios} scenarios, "
        f"{len(definitions)} certificates checked."
    )


@content_cli.command("sync")
@path_argument
@certificates_option
def sync_command(path: Path | None, certificates: Path | None) -> None:
    """Load modules and certificate definitions (only what changed); exits 1 if invalid."""
    try:
        report, definitions = sync_all(
            db.session, path or DEFAULT_ROOT, _certificates_root(path, certificates)
        )
    except ContentInvalid as exc:
        db.session.rollback()
        _fail(exc.problems)
        return
    db.session.commit()
    for line in report.lines():
        click.echo(line)
    click.echo(f"Certificates updated: {', '.join(definitions) or '-'}")


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(audit_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(accreditation_cli)
    app.cli.add_command(certificates_cli)
    app.cli.add_command(vetting_cli)
    app.cli.add_command(mentees_cli)
    app.cli.add_command(matching_cli)
    app.cli.add_command(notifications_cli)
    app.cli.add_command(api_key_cli)
    app.cli.add_command(seed_scale_command)
    app.cli.add_command(credentials_cli)
