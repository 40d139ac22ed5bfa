"""The ``flask content check`` and ``flask content sync`` commands for the training modules."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from lms.certificates.definitions import DEFAULT_CERTIFICATES_ROOT, check_all, sync_all
from lms.content.loader import DEFAULT_ROOT, Problem
from lms.content.sync import ContentInvalid
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


@content_cli.command("check")
@path_argument
@certificates_option
def check_command(path: Path | None, certificates: Path | None) -> None:
    """Check every module under PATH (default: modules/) and the certificate definitions.

    Exits 1 listing every problem with its file and line.
    """
    modules, definitions, problems = check_all(
        path or DEFAULT_ROOT, _certificates_root(path, certificates)
    )
    if problems:
        _fail(problems)
    questions = sum(len(module.questions) for module in modules)
    scenarios = sum(len(module.scenarios) for module in modules)
    click.echo(
        f"OK: {len(modules)} modules, {questions} questions, {scenarios} scenarios, "
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
