"""Command-line tasks: ``flask --app lms seed-demo``, ``create-admin`` and ``audit verify``."""

from __future__ import annotations

import click
from email_validator import EmailNotValidError, validate_email
from flask import Flask
from flask.cli import AppGroup

from lms.accounts import services as accounts
from lms.accounts.models import Role
from lms.api.cli import api_key_cli
from lms.audit.services import verify_chain
from lms.certificates.cli import accreditation_cli
from lms.content.cli import content_cli
from lms.demo import DEMO_PASSWORD, seed_demo
from lms.extensions import db
from lms.matching.cli import mentees_cli
from lms.scale.cli import seed_scale_command

audit_cli = AppGroup("audit", help="Check the audit trail.")


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


@audit_cli.command("verify")
def audit_verify_command() -> None:
    """Check that no audit event has been changed or removed; exits 1 if one has."""
    report = verify_chain(db.session)
    if report.ok:
        click.echo(f"Audit trail intact: {report.checked} events checked.")
        return
    click.echo(f"Audit trail broken at event {report.broken_at}: it {report.problem}.", err=True)
    raise SystemExit(1)


def register(app: Flask) -> None:
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(create_admin_command)
    app.cli.add_command(audit_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(accreditation_cli)
    app.cli.add_command(mentees_cli)
    app.cli.add_command(api_key_cli)
    app.cli.add_command(seed_scale_command)
