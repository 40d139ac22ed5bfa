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
