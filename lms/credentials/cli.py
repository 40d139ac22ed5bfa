"""``flask --app lms credentials keygen`` (make or rotate the issuer key) and ``backfill``."""

from __future__ import annotations

from pathlib import Path

import click
from flask.cli import AppGroup

from lms.credentials import keys

credentials_cli = AppGroup("credentials", help="Open Badges credentials: keys and backfill.")


@credentials_cli.command("keygen")
@click.option(
    "--file",
    "path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Key file (default: CREDENTIAL_KEY_FILE, else instance/credential-key.pem).",
)
def keygen_command(path: Path | None) -> None:
    """Write a new Ed25519 key first in the key file, keeping older keys as retired ones."""
    path = path or keys.default_key_file()
    existed = path.exists()
    key = keys.write_new_key(path)
    retired = len(keys.parse(path.read_text(encoding="utf-8"))) - 1
    click.echo(f"{'Rotated' if existed else 'Wrote'} {path} (mode 0600): current key {key.key_id}")
    click.echo(f"  publicKeyMultibase {key.multibase}; {retired} retired key(s) kept.")


@credentials_cli.command("backfill")
def backfill_command() -> None:
    """Issue a credential for every certificate that has none (after a key was missing), and
    rebuild both status lists."""
    from sqlalchemy import select

    from lms.certificates.models import Certificate
    from lms.credentials import badges, status_lists
    from lms.credentials.models import BadgeCredential
    from lms.extensions import db

    missing = select(Certificate).where(
        ~select(BadgeCredential.id).where(BadgeCredential.certificate_id == Certificate.id).exists()
    )
    made = 0
    for cert in db.session.scalars(missing).all():
        badges.issue(db.session, cert)
        made += 1
    # Always: a list left stale while the key was missing is signed again from today's statuses.
    status_lists.regenerate(db.session)
    db.session.commit()
    click.echo(f"Issued {made} credential(s); both status lists rebuilt.")
