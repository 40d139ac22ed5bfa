"""``flask --app lms accreditation sweep`` (records expiries, safe to run every day) and
``flask --app lms certificates signing-ca`` (the site's PDF signing certificate)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from lms.certificates.sweep import count_due, sweep
from lms.extensions import db
from lms.ukdates import uk_today

accreditation_cli = AppGroup("accreditation", help="Scheduled accreditation work.")


@accreditation_cli.command("sweep")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as if today were this date (for catching up); default: today in the UK.",
)
def sweep_command(today) -> None:
    """Record expiries (each once); the warnings before them are the job worker's daily task."""
    day: date = today.date() if today else uk_today()
    total = count_due(db.session, day)
    with click.progressbar(length=total, label="Checking certificates", file=None) as bar:
        summary = sweep(db.session, day, progress=bar.update)
    db.session.commit()
    for line in summary.lines():
        click.echo(line)


certificates_cli = AppGroup("certificates", help="The site's certificate PDFs and their signing.")


@certificates_cli.command("signing-ca")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Folder for the PEM files (default: instance/pdf-signing).",
)
@click.option(
    "--name", default=None, help="The site's name in the certificates (default: BASE_URL's host)."
)
@click.option(
    "--force", is_flag=True, help="Replace files already there (old PDFs stop verifying)."
)
def signing_ca_command(directory: Path | None, name: str | None, force: bool) -> None:
    """Make a self-signed CA and a PDF signing certificate (EC P-256), keys mode 0600.

    The key files are encrypted with PDF_SIGNING_KEY_PASSPHRASE when it is set.
    """
    from lms.certificates.signing import site_name
    from lms.certificates.signing_ca import make_signing_ca
    from lms.config import ROOT

    config = current_app.config
    directory = directory or ROOT / "instance" / "pdf-signing"
    passphrase = config.get("PDF_SIGNING_KEY_PASSPHRASE")
    try:
        paths = make_signing_ca(
            directory,
            name or site_name(config),
            passphrase=passphrase.encode() if passphrase else None,
            overwrite=force,
        )
    except FileExistsError as exc:
        raise click.ClickException(f"{exc}: not replaced (use --force to replace).") from exc
    click.echo(f"Wrote {paths.ca} (CA), {paths.cert} and {paths.key} (signing, mode 0600).")
    click.echo(f"Keep {paths.ca_key} (the CA's key) off the server once the signer is made.")
    click.echo("Set these in the environment:")
    click.echo(f"PDF_SIGNING_KEY_FILE={paths.key}")
    click.echo(f"PDF_SIGNING_CERT_FILE={paths.cert}")
    click.echo(f"PDF_SIGNING_CHAIN_FILE={paths.ca}")
