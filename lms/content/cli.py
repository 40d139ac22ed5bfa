"""The ``flask content check`` and ``flask content sync`` commands for the training modules."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from lms.content.loader import DEFAULT_ROOT, Problem, load_modules
from lms.content.sync import ContentInvalid, sync_content
from lms.extensions import db

content_cli = AppGroup("content", help="Check training modules and load them into the database.")

path_argument = click.argument(
    "path", required=False, type=click.Path(path_type=Path, file_okay=False)
)


def _fail(problems: list[Problem]) -> None:
    for problem in problems:
        click.echo(str(problem), err=True)
    click.echo(f"{len(problems)} problem(s) found.", err=True)
    raise SystemExit(1)


@content_cli.command("check")
@path_argument
def check_command(path: Path | None) -> None:
    """Check every module under PATH (default: the modules/ folder); exits 1 on any problem."""
    modules, problems = load_modules(path or DEFAULT_ROOT)
    if problems:
        _fail(problems)
    questions = sum(len(module.questions) for module in modules)
    scenarios = sum(len(module.scenarios) for module in modules)
    click.echo(f"OK: {len(modules)} modules, {questions} questions, {scenarios} scenarios checked.")


@content_cli.command("sync")
@path_argument
def sync_command(path: Path | None) -> None:
    """Load the modules under PATH into the database (only what changed); exits 1 if invalid."""
    try:
        report = sync_content(db.session, path or DEFAULT_ROOT)
    except ContentInvalid as exc:
        db.session.rollback()
        _fail(exc.problems)
        return
    db.session.commit()
    for line in report.lines():
        click.echo(line)
