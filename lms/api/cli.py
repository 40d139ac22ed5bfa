"""``flask --app lms api-key create --scheme SLUG``: make a scheme API key (printed once)."""

from __future__ import annotations

import click
from flask.cli import AppGroup
from sqlalchemy import select

from lms.accounts.models import Scheme
from lms.api import keys
from lms.extensions import db

api_key_cli = AppGroup("api-key", help="Scheme API keys.")


@api_key_cli.command("create")
@click.option("--scheme", "slug", required=True, help="The scheme's short name (slug).")
@click.option("--name", default="Command line", show_default=True, help="What the key is for.")
def create_command(slug: str, name: str) -> None:
    """Create a key for SCHEME and print it once; only its hash is kept."""
    scheme = db.session.scalars(select(Scheme).where(Scheme.slug == slug)).first()
    if scheme is None:
        raise click.BadParameter(f"no scheme with the short name {slug!r}", param_hint="--scheme")
    try:
        _, key = keys.create_key(db.session, None, scheme, name)
    except keys.ApiKeyError as exc:
        raise click.ClickException(exc.message) from exc
    db.session.commit()
    click.echo(key)
    click.echo("Keep this key safe: it is shown only once.", err=True)
